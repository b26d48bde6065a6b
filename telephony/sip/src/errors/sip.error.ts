import { SIP_STACK_ERRORS, type SipStackErrorCode } from './sip-error.codes.js';
import type { SipResponse } from '../message/sip-message.model.js';

/** Failure of a stack operation (timeout, transport, rejected request). */
export class SipError extends Error {
  override readonly name = 'SipError';
  readonly code: SipStackErrorCode;
  /** SIP status: the final response's status when there was one, otherwise the catalog's. */
  readonly status: number;
  readonly response: SipResponse | undefined;

  constructor(code: SipStackErrorCode, detail?: string, response?: SipResponse, options?: { cause?: unknown }) {
    const entry = SIP_STACK_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`, options);
    this.code = code;
    this.status = response?.status ?? entry.status;
    this.response = response;
  }
}
