import { describe, expect, it } from 'vitest';
import { encodeCommand, RespParser, RespProtocolError, RespReplyError } from './resp.codec.js';
import type { RespValue } from './resp.codec.js';

function parseAll(...chunks: Array<string | Buffer>): RespValue[] {
  const out: RespValue[] = [];
  const p = new RespParser((v) => out.push(v));
  for (const c of chunks) p.feed(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return out;
}

describe('RESP encoding', () => {
  it('encodes a command as an array of bulk strings', () => {
    expect(encodeCommand(['FCALL', 'f', '0', '']).toString('latin1')).toBe('*4\r\n$5\r\nFCALL\r\n$1\r\nf\r\n$1\r\n0\r\n$0\r\n\r\n');
  });

  it('counts UTF-8 bytes, not characters, in bulk lengths', () => {
    const b = encodeCommand(['SET', 'k', 'Grüße €']);
    expect(b.toString('utf8')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$11\r\nGrüße €\r\n');
  });
});

describe('RESP reply parser', () => {
  it('parses every reply type', () => {
    expect(parseAll('+OK\r\n:42\r\n:-7\r\n$3\r\nabc\r\n$-1\r\n*-1\r\n$0\r\n\r\n')).toEqual(['OK', 42, -7, 'abc', null, null, '']);
  });

  it('parses nested arrays as the ACD scripts return them', () => {
    expect(parseAll('*3\r\n$7\r\noffered\r\n*2\r\n$2\r\nc1\r\n:5\r\n*0\r\n')).toEqual([['offered', ['c1', 5], []]]);
  });

  it('keeps error replies as values, so one failed command fails only its caller', () => {
    const [e, ok] = parseAll('-ERR Function not found\r\n+OK\r\n');
    expect(e).toBeInstanceOf(RespReplyError);
    expect((e as RespReplyError).message).toBe('ERR Function not found');
    expect(ok).toBe('OK');
  });

  it('waits for replies split anywhere, including inside a multi-byte character', () => {
    const whole = Buffer.from('*2\r\n$6\r\nGrüß\r\n:1\r\n+PONG\r\n', 'utf8');
    for (let cut = 1; cut < whole.length; cut++) {
      expect(parseAll(whole.subarray(0, cut), whole.subarray(cut))).toEqual([['Grüß', 1], 'PONG']);
    }
    // One byte at a time.
    expect(parseAll(...Array.from(whole, (b) => Buffer.from([b])))).toEqual([['Grüß', 1], 'PONG']);
  });

  it('reports how much of an incomplete reply it holds', () => {
    const p = new RespParser(() => undefined);
    p.feed(Buffer.from('$10\r\nabc'));
    expect(p.buffered).toBe(8);
  });

  it('refuses bytes that are not RESP with a protocol error', () => {
    expect(() => parseAll('?what\r\n')).toThrow(RespProtocolError);
    expect(() => parseAll('$abc\r\nx\r\n')).toThrow(/bad RESP bulk length/);
    expect(() => parseAll('*-5\r\n')).toThrow(/bad RESP array length/);
    expect(() => parseAll(':12x\r\n')).toThrow(/bad RESP integer/);
    expect(() => parseAll('$3\r\nabcXY')).toThrow(/not ended by CRLF/);
    expect(() => parseAll('+OK\rX')).toThrow(/CRLF/);
  });
});
