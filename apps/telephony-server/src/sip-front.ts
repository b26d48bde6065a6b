import { SipStack } from '@ringwell/sip';
import type { Logger } from 'pino';

export interface SipFrontOptions {
  readonly host: string;
  readonly port: number;
  /** The server's name (ts1): in the Server header, so a trace shows which server answered. */
  readonly serverName: string;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';

/**
 * The telephony server's SIP face, on Ringwell's own stack (UDP and TCP on one port):
 * - OPTIONS is answered 200, which is how Kamailio's dispatcher learns the server is alive
 *   and sends it calls;
 * - an INVITE is refused with 480 and a Warning naming this server: the call-flow executor
 *   does not exist yet, and a caller must get a clear answer, not silence (Kamailio then
 *   answers the caller; it does not retry 4xx elsewhere).
 * Other methods get the stack's own answers (501, or 404 for REGISTER).
 */
export async function startSipFront(options: SipFrontOptions, logger: Logger): Promise<SipStack> {
  const stack = new SipStack({
    udp: { host: options.host, port: options.port },
    tcp: { host: options.host, port: options.port },
    userAgent: `Ringwell ${options.serverName}`,
  });
  stack.options((_req, res) => {
    res.send(200, { headers: { Allow: ALLOW, Accept: 'application/sdp' } });
  });
  stack.invite((req, res) => {
    logger.info({ callId: req.callId, uri: req.uri }, 'INVITE refused: call flows are not served yet');
    res.send(480, { headers: { Warning: `399 ${options.serverName} "call flows are not served yet"` } });
  });
  stack.on('warning', (err: Error) => logger.debug({ err }, 'SIP warning'));
  stack.on('error', (err: Error) => logger.error({ err }, 'SIP stack error'));
  await stack.listen();
  return stack;
}
