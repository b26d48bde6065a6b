/**
 * The slice of a pino logger the statistics writer uses; a pino `Logger` fits as is, and
 * tests pass a recording fake.
 */
export interface StatisticsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
