// Public API of @ringwell/sip.
export { SipParseError, type SipParsePartial } from './errors/sip-parse.error.js';
export { SipError } from './errors/sip.error.js';
export {
  SIP_PARSE_ERRORS,
  SIP_STACK_ERRORS,
  type SipParseErrorCode,
  type SipStackErrorCode,
} from './errors/sip-error.codes.js';

export type { AuthHeader, CSeq, NameAddr, SipParams, SipUri, Via } from './message/message.types.js';
export { SipHeaders, headerKey, canonicalHeaderName } from './message/sip-headers.model.js';
export { SipMessageBase, SipRequest, SipResponse, type SipMessage } from './message/sip-message.model.js';
export { parseMessage, type ParseOptions } from './message/message.parser.js';
export { serializeMessage } from './message/message.serializer.js';
export {
  parseUri,
  parseVia,
  parseNameAddr,
  parseCSeq,
  parseAuthHeader,
  splitHeaderList,
  quote,
  unquote,
  formatNameAddr,
} from './message/header.parser.js';
export {
  createRequest,
  createResponse,
  type HeaderInit,
  type RequestInit,
  type ResponseOptions,
} from './message/message.factory.js';
export { generateBranch, generateCallId, generateTag, BRANCH_COOKIE } from './message/id.generator.js';
export { STATUS_REASONS, reasonFor } from './message/status-reasons.js';

export type {
  PeerAddress,
  SipTransport,
  TransportProtocol,
  TransportStats,
  TransportEvents,
  ListenOptions,
} from './transport/transport.types.js';
export { UdpTransport, type UdpTransportOptions } from './transport/udp.transport.js';
export { TcpTransport, type TcpTransportOptions } from './transport/tcp.transport.js';
export { StreamFramer } from './transport/stream.framer.js';
export {
  TransportLayer,
  type TransportLayerEvents,
  type TransportLayerOptions,
  type TransportLayerStats,
} from './transport/transport.layer.js';

export {
  DEFAULT_TIMERS,
  systemScheduler,
  type TimerConfig,
  type TimerHandle,
  type TimerScheduler,
} from './transaction/timer.scheduler.js';
export { InviteClientTransaction, type InviteClientState } from './transaction/invite-client.transaction.js';
export { InviteServerTransaction, type InviteServerState } from './transaction/invite-server.transaction.js';
export {
  NonInviteClientTransaction,
  type NonInviteClientState,
  type ClientTransactionUser,
} from './transaction/non-invite-client.transaction.js';
export {
  NonInviteServerTransaction,
  type NonInviteServerState,
  type ServerTransactionUser,
} from './transaction/non-invite-server.transaction.js';
export {
  TransactionManager,
  serverKey,
  clientKey,
  type ClientTransaction,
  type ServerTransaction,
  type Rejection,
  type TransactionManagerOptions,
  type TransactionManagerEvents,
} from './transaction/transaction.manager.js';

export {
  Dialog,
  dialogKey,
  type DialogEvents,
  type DialogId,
  type DialogRole,
  type DialogState,
  type DialogRequestOptions,
} from './dialog/sip.dialog.js';

export {
  computeDigestResponse,
  buildAuthorization,
  pickChallenge,
  type DigestAlgorithm,
  type DigestCredentials,
  type DigestInput,
} from './auth/digest.auth.js';
export {
  DigestAuthenticator,
  type DigestAuthenticatorOptions,
  type DigestVerdict,
  type PasswordLookup,
} from './auth/digest.authenticator.js';
export { digestAuth, type DigestAuthOptions } from './auth/digest.middleware.js';

export { SourceRateLimiter, type SourceRateLimiterOptions } from './overload/rate.limiter.js';

export { IncomingRequest, type IncomingRequestEvents } from './app/incoming.request.js';
export { OutgoingResponse, type SendOptions } from './app/outgoing.response.js';
export type { Middleware, NextFunction } from './app/middleware.types.js';
export {
  SipStack,
  createServer,
  type SipStackOptions,
  type SipStackEvents,
  type RequestOptions,
  type UacOptions,
  type UasOptions,
} from './app/sip.stack.js';
