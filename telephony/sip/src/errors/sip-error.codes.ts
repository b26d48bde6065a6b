/**
 * Stable error catalog of the SIP stack (fastify `FST_ERR_*` style). Codes never change meaning;
 * `status` is the SIP status a server answers when the error is caused by a peer's request.
 */
export const SIP_PARSE_ERRORS = {
  SIP_ERR_EMPTY_MESSAGE: { status: 400, message: 'empty message' },
  SIP_ERR_NO_HEADER_END: { status: 400, message: 'no empty line after the headers' },
  SIP_ERR_START_LINE: { status: 400, message: 'malformed start line' },
  SIP_ERR_VERSION: { status: 505, message: 'unsupported SIP version' },
  SIP_ERR_METHOD: { status: 400, message: 'invalid method token' },
  SIP_ERR_STATUS_CODE: { status: 400, message: 'invalid status code' },
  SIP_ERR_HEADER_LINE: { status: 400, message: 'malformed header line' },
  SIP_ERR_MISSING_HEADER: { status: 400, message: 'missing mandatory header' },
  SIP_ERR_CONTENT_LENGTH: { status: 400, message: 'invalid Content-Length' },
  SIP_ERR_BODY_TRUNCATED: { status: 400, message: 'body shorter than Content-Length' },
  SIP_ERR_CSEQ: { status: 400, message: 'invalid CSeq' },
  SIP_ERR_CSEQ_METHOD: { status: 400, message: 'CSeq method does not match the request method' },
  SIP_ERR_VIA: { status: 400, message: 'invalid Via' },
  SIP_ERR_NAME_ADDR: { status: 400, message: 'invalid name-addr / addr-spec' },
  SIP_ERR_URI: { status: 400, message: 'invalid URI' },
  SIP_ERR_MAX_FORWARDS: { status: 400, message: 'invalid Max-Forwards' },
  SIP_ERR_EXPIRES: { status: 400, message: 'invalid Expires' },
  SIP_ERR_AUTH: { status: 400, message: 'invalid authentication header' },
  SIP_ERR_TOO_LARGE: { status: 513, message: 'message too large' },
} as const;

export type SipParseErrorCode = keyof typeof SIP_PARSE_ERRORS;

export const SIP_STACK_ERRORS = {
  SIP_ERR_TRANSACTION_TIMEOUT: { status: 408, message: 'transaction timed out' },
  SIP_ERR_TRANSPORT: { status: 503, message: 'transport error' },
  SIP_ERR_NO_TRANSPORT: { status: 503, message: 'no transport for the target' },
  SIP_ERR_FINAL_RESPONSE: { status: 500, message: 'request failed with a final response' },
  SIP_ERR_INVALID_STATE: { status: 500, message: 'operation not allowed in the current state' },
  SIP_ERR_AUTH_FAILED: { status: 403, message: 'authentication failed' },
  SIP_ERR_STACK_CLOSED: { status: 503, message: 'stack is closed' },
} as const;

export type SipStackErrorCode = keyof typeof SIP_STACK_ERRORS;
