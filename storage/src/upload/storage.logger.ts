/** The slice of pino the storage jobs log through (pino's Logger satisfies it; tests may pass a silent one). */
export interface StorageLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: StorageLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
