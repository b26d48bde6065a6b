import { SIP_PARSE_ERRORS, type SipParseErrorCode } from './sip-error.codes.js';
import type { SipHeaders } from '../message/sip-headers.model.js';

/**
 * What the parser had understood before it failed. The transport layer uses it to answer
 * 400 to a request that is recognisable, instead of silently dropping it.
 */
export interface SipParsePartial {
  readonly isRequest: boolean;
  readonly method?: string;
  readonly headers?: SipHeaders;
}

/** Raised for any malformed SIP input; `code` is stable, `status` is what a UAS answers. */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  readonly code: SipParseErrorCode;
  readonly status: number;
  partial: SipParsePartial | undefined;

  constructor(code: SipParseErrorCode, detail?: string, partial?: SipParsePartial) {
    const entry = SIP_PARSE_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`);
    this.code = code;
    this.status = entry.status;
    this.partial = partial;
  }
}
