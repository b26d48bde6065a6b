import { CONFIG_ERRORS, type ConfigErrorCode } from './config-error.codes.js';

/**
 * Base of every error the admin repositories and the config cache throw, so the API can catch
 * the family with one `instanceof` and translate `code` / `httpStatus` in one place.
 */
export class ConfigStoreError extends Error {
  override readonly name: string = 'ConfigStoreError';
  readonly code: ConfigErrorCode;
  readonly httpStatus: number;

  constructor(code: ConfigErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = CONFIG_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`, options);
    this.code = code;
    this.httpStatus = entry.httpStatus;
  }
}
