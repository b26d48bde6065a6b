import { SipParseError } from '../errors/sip-parse.error.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH_RE = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/i;

/**
 * Cuts SIP messages out of a byte stream by Content-Length (RFC 3261 §18.3).
 *
 * The size cap applies to each message, never to the whole pending buffer: a peer pipelining
 * hundreds of small messages in one write is served, a single message above the cap is refused
 * (the npm `sip` package counted the buffer and dropped honest pipelining as a flood).
 */
export class StreamFramer {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current message's header already searched for the blank line. */
  private scanned = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** Bytes buffered and not yet part of a complete message. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Adds bytes, returns the complete messages. Throws `SipParseError` when the stream is unusable. */
  push(chunk: Buffer): Buffer[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let pos = 0;
    for (;;) {
      // CRLF keep-alives between messages (RFC 5626 §3.5.1)
      while (pos < buf.length && (buf[pos] === 0x0d || buf[pos] === 0x0a)) pos++;
      if (pos >= buf.length) break;
      const headerEnd = buf.indexOf(CRLFCRLF, pos + Math.max(0, this.scanned - 3));
      if (headerEnd < 0) {
        this.scanned = buf.length - pos;
        if (this.scanned > this.maxMessageSize) {
          throw new SipParseError('SIP_ERR_TOO_LARGE', `no end of headers within ${this.maxMessageSize} bytes`);
        }
        break;
      }
      this.scanned = headerEnd - pos;
      const head = buf.toString('latin1', pos, headerEnd);
      const match = CONTENT_LENGTH_RE.exec(head);
      let bodyLength = 0;
      if (match) {
        const text = (match[1] ?? '').trim();
        if (!/^\d{1,10}$/.test(text)) throw new SipParseError('SIP_ERR_CONTENT_LENGTH', `"${text.slice(0, 20)}" on a stream`);
        bodyLength = Number(text);
      }
      const total = headerEnd + 4 - pos + bodyLength;
      if (total > this.maxMessageSize) throw new SipParseError('SIP_ERR_TOO_LARGE', `${total} bytes`);
      if (buf.length - pos < total) break;
      frames.push(buf.subarray(pos, pos + total));
      pos += total;
      this.scanned = 0;
    }
    // Copy the unfinished tail so a large chunk is not retained for a few trailing bytes.
    this.pending = pos >= buf.length ? Buffer.alloc(0) : pos === 0 ? buf : Buffer.from(buf.subarray(pos));
    return frames;
  }
}
