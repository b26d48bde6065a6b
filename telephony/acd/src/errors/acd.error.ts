import { ACD_ERRORS, type AcdErrorCode } from './acd-error.codes.js';

/**
 * Base of every error the ACD domain throws, so adapters can catch the whole family with one
 * `instanceof` and translate `code` / `httpStatus` to the wire in one place.
 */
export class AcdError extends Error {
  override readonly name: string = 'AcdError';
  readonly code: AcdErrorCode;
  readonly httpStatus: number;

  constructor(code: AcdErrorCode, detail?: string) {
    const entry = ACD_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`);
    this.code = code;
    this.httpStatus = entry.httpStatus;
  }
}
