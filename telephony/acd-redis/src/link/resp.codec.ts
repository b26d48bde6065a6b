/**
 * RESP2, the Redis wire protocol: command encoding and an incremental reply parser. Pure (no
 * sockets); `resp.link.ts` is the connection around it.
 *
 * Why our own: the ACD's routing decision is one FCALL, and at p99 the generic client (ioredis)
 * cost more than the script itself (a 10 us script: p99 0.42-0.72 ms through ioredis, 0.21 ms
 * through a bare socket, 0.17 ms with redis-benchmark; docs/acd-store.md#measured). The hot
 * path needs only: send a command, read one reply, in order.
 */

/** An error reply (`-ERR ...`), kept as a value so that one bad command fails only its caller. */
export class RespReplyError extends Error {
  override readonly name = 'RespReplyError';
}

export type RespValue = string | number | null | RespReplyError | readonly RespValue[];

/** A protocol violation by the peer: the connection cannot be trusted any more. */
export class RespProtocolError extends Error {
  override readonly name = 'RespProtocolError';
}

/** `*n` then `$len` + bytes per argument; lengths are UTF-8 byte counts. */
export function encodeCommand(args: readonly string[]): Buffer {
  let head = `*${args.length}\r\n`;
  let ascii = true;
  for (const a of args) {
    // eslint-disable-next-line no-control-regex
    if (ascii && /[^\x00-\x7f]/.test(a)) ascii = false;
  }
  if (ascii) {
    // The common case: one string, one Buffer, lengths are character counts.
    for (const a of args) head += `$${a.length}\r\n${a}\r\n`;
    return Buffer.from(head, 'latin1');
  }
  const parts: Buffer[] = [Buffer.from(head, 'latin1')];
  for (const a of args) {
    const b = Buffer.from(a, 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');
const INCOMPLETE = Symbol('incomplete');
type Parsed = RespValue | typeof INCOMPLETE;

/** Longest bulk string or array we accept from the server (Redis's own proto-max-bulk-len). */
const MAX_LENGTH = 512 * 1024 * 1024;

/**
 * Feed it bytes as they arrive; it calls `onReply` once per complete top-level reply, in order.
 * A reply split over several chunks is parsed again from its start when the rest arrives (the
 * ACD's replies are small, so this costs less than keeping partial state).
 */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  constructor(private readonly onReply: (value: RespValue) => void) {}

  /** Throws RespProtocolError on bytes that are not RESP2; the caller must drop the connection. */
  feed(chunk: Buffer): void {
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    for (;;) {
      const start = this.pos;
      const v = this.value();
      if (v === INCOMPLETE) {
        this.pos = start;
        return;
      }
      this.onReply(v);
      if (this.pos >= this.buf.length) {
        this.buf = Buffer.alloc(0);
        this.pos = 0;
        return;
      }
    }
  }

  /** Bytes held for a reply not complete yet. */
  get buffered(): number {
    return this.buf.length - this.pos;
  }

  private line(): string | typeof INCOMPLETE {
    const end = this.buf.indexOf(13, this.pos);
    if (end < 0 || end + 1 >= this.buf.length) return INCOMPLETE;
    if (this.buf[end + 1] !== 10) throw new RespProtocolError('RESP line not ended by CRLF');
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 2;
    return s;
  }

  private length(s: string, what: string): number {
    const n = Number(s);
    if (!Number.isInteger(n) || n < -1 || n > MAX_LENGTH || s === '') throw new RespProtocolError(`bad RESP ${what} length "${s.slice(0, 20)}"`);
    return n;
  }

  private value(): Parsed {
    if (this.pos >= this.buf.length) return INCOMPLETE;
    const type = this.buf[this.pos];
    this.pos++;
    const l = this.line();
    if (l === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case 43: // '+'
        return l;
      case 45: // '-'
        return new RespReplyError(l);
      case 58: {
        // ':'
        const n = Number(l);
        if (!Number.isFinite(n) || l === '') throw new RespProtocolError(`bad RESP integer "${l.slice(0, 20)}"`);
        return n;
      }
      case 36: {
        // '$'
        const n = this.length(l, 'bulk');
        if (n < 0) return null;
        if (this.pos + n + 2 > this.buf.length) return INCOMPLETE;
        const s = this.buf.toString('utf8', this.pos, this.pos + n);
        if (this.buf[this.pos + n] !== 13 || this.buf[this.pos + n + 1] !== 10) throw new RespProtocolError('RESP bulk string not ended by CRLF');
        this.pos += n + 2;
        return s;
      }
      case 42: {
        // '*'
        const n = this.length(l, 'array');
        if (n < 0) return null;
        const out: RespValue[] = new Array<RespValue>(n);
        for (let i = 0; i < n; i++) {
          const v = this.value();
          if (v === INCOMPLETE) return INCOMPLETE;
          out[i] = v;
        }
        return out;
      }
      default:
        throw new RespProtocolError(`unknown RESP type byte ${String(type)}`);
    }
  }
}
