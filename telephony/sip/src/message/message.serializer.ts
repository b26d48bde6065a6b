import type { SipHeaders } from './sip-headers.model.js';
import type { SipMessage } from './sip-message.model.js';

/**
 * The bytes of a message as last serialised, with what they were made from. A transaction sends
 * the same response more than once (2xx retransmission, a repeated final, the copy a lingering
 * non-INVITE keeps), so the bytes are reused for as long as nothing they depend on has changed.
 */
export interface WireCache {
  readonly bytes: Buffer;
  readonly headers: SipHeaders;
  readonly version: number;
  readonly body: Buffer;
  readonly startLine: string;
  /** The bytes as a latin1 string when that costs nothing (a bodyless ASCII message: the head). */
  readonly text: string | undefined;
}

function startLineOf(message: SipMessage): string {
  return message.kind === 'request'
    ? `${message.method} ${message.uri} ${message.version}\r\n`
    : `${message.version} ${message.status} ${message.reason}\r\n`;
}

/**
 * Serialises a message. Content-Length is always (re)written from the body's byte length, so a
 * UTF-8 body can never be mis-framed.
 */
export function serializeMessage(message: SipMessage): Buffer {
  const startLine = startLineOf(message);
  const { headers, body } = message;
  const cached = message.wire;
  if (
    cached !== undefined &&
    cached.headers === headers &&
    cached.version === headers.version &&
    cached.body === body &&
    cached.startLine === startLine
  ) {
    return cached.bytes;
  }
  let head = startLine;
  const n = headers.size;
  for (let i = 0; i < n; i++) {
    if (headers.keyAt(i) === 'content-length') continue;
    head += `${headers.nameAt(i)}: ${headers.valueAt(i)}\r\n`;
  }
  head += `Content-Length: ${body.length}\r\n\r\n`;
  let bytes: Buffer;
  let text: string | undefined;
  if (body.length === 0) {
    bytes = Buffer.from(head, 'utf8');
    // One byte per character: the head is ASCII, so it is also the latin1 reading of the bytes.
    // Encoding it flattened the concatenation in place, so it holds no slice of the request.
    if (bytes.length === head.length) text = head;
  } else {
    // one allocation for head and body, sized from the head's UTF-8 length
    const headLen = Buffer.byteLength(head, 'utf8');
    bytes = Buffer.allocUnsafe(headLen + body.length);
    bytes.write(head, 0, 'utf8');
    body.copy(bytes, headLen);
  }
  message.wire = { bytes, headers, version: headers.version, body, startLine, text };
  return bytes;
}

/**
 * The serialised message as a latin1 string (one character per byte), for stores that keep bytes
 * on the heap for a long time. Reuses the serialised head when the message is bodyless ASCII.
 */
export function serializeToLatin1(message: SipMessage): string {
  const bytes = serializeMessage(message);
  return message.wire?.text ?? bytes.toString('latin1');
}
