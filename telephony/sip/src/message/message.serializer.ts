import type { SipMessage } from './sip-message.model.js';

/**
 * Serialises a message. Content-Length is always (re)written from the body's byte length, so a
 * UTF-8 body can never be mis-framed.
 */
export function serializeMessage(message: SipMessage): Buffer {
  let head =
    message.kind === 'request'
      ? `${message.method} ${message.uri} ${message.version}\r\n`
      : `${message.version} ${message.status} ${message.reason}\r\n`;
  for (const [name, value] of message.headers) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') continue;
    head += `${name}: ${value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  if (message.body.length === 0) return Buffer.from(head, 'utf8');
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + message.body.length);
  out.write(head, 0, 'utf8');
  message.body.copy(out, headLen);
  return out;
}
