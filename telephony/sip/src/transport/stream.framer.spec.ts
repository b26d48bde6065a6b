import { describe, it, expect } from 'vitest';
import { SipParseError } from '../errors/sip-parse.error.js';
import { StreamFramer } from './stream.framer.js';

function options(i: number, body = ''): string {
  return (
    `OPTIONS sip:u@h SIP/2.0\r\nVia: SIP/2.0/TCP c;branch=z9hG4bK${i}\r\nFrom: <sip:a@h>;tag=${i}\r\nTo: <sip:u@h>\r\n` +
    `Call-ID: call-${i}\r\nCSeq: ${i} OPTIONS\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

describe('StreamFramer', () => {
  it('cuts many pipelined messages out of one chunk bigger than the per-message cap', () => {
    const framer = new StreamFramer(4096);
    const all = Array.from({ length: 700 }, (_, i) => options(i, i % 3 === 0 ? 'héllo wörld' : '')).join('');
    expect(all.length).toBeGreaterThan(100_000);
    const frames = framer.push(Buffer.from(all, 'utf8'));
    expect(frames).toHaveLength(700);
    expect(frames[3]?.toString('utf8')).toBe(options(3, 'héllo wörld'));
    expect(framer.buffered).toBe(0);
  });

  it('reassembles messages delivered one byte at a time, across CRLF keep-alives', () => {
    const framer = new StreamFramer(4096);
    const text = `\r\n\r\n${options(1, 'abc')}\r\n${options(2)}`;
    const bytes = Buffer.from(text);
    const frames: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...framer.push(bytes.subarray(i, i + 1)));
    expect(frames.map((f) => f.toString())).toEqual([options(1, 'abc'), options(2)]);
  });

  it('waits for the body and keeps a partial tail', () => {
    const framer = new StreamFramer(4096);
    const msg = Buffer.from(options(7, '0123456789'));
    expect(framer.push(msg.subarray(0, msg.length - 4))).toEqual([]);
    expect(framer.buffered).toBe(msg.length - 4);
    const frames = framer.push(Buffer.concat([msg.subarray(msg.length - 4), Buffer.from('OPT')]));
    expect(frames).toHaveLength(1);
    expect(framer.buffered).toBe(3);
  });

  it('refuses one message above the cap, by headers or by Content-Length', () => {
    expect(() => new StreamFramer(100).push(Buffer.alloc(200, 0x41))).toThrow(SipParseError);
    const big = `INVITE sip:u@h SIP/2.0\r\nContent-Length: 100000\r\n\r\n`;
    expect(() => new StreamFramer(4096).push(Buffer.from(big))).toThrow(/too large/);
    expect(() => new StreamFramer(4096).push(Buffer.from('INVITE sip:u@h SIP/2.0\r\nl: -5\r\n\r\n'))).toThrow(/Content-Length/);
  });
});
