import { describe, it, expect } from 'vitest';
import { SipParseError } from '../errors/sip-parse.error.js';
import { parseMessage } from './message.parser.js';
import { StreamFramer } from '../transport/stream.framer.js';

/** Small deterministic PRNG (mulberry32) so a failure is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';
const SEED_MESSAGE = Buffer.from(
  'INVITE sip:bob@[2001:db8::1]:5060;transport=udp SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc;rport, SIP/2.0/TCP p.example.com;branch=z9hG4bKdef\r\n' +
    'f: "A, \\"B\\"" <sip:a@example.com>;tag=1\r\nt: <sip:bob@example.com>\r\ni: fuzz@h\r\nCSeq: 7 INVITE\r\n' +
    'Max-Forwards: 70\r\nm: <sip:a@10.0.0.1>;expires=60, "x" <sip:b@h>\r\nRecord-Route: <sip:p1;lr>, <sip:p2;lr>\r\n' +
    'Authorization: Digest username="a", realm="r", nonce="n", uri="sip:bob@h", response="00"\r\n' +
    `Content-Type: application/sdp\r\nl: ${BODY.length}\r\n\r\n${BODY}`,
);
const INTERESTING = [0x00, 0x0d, 0x0a, 0x20, 0x22, 0x2c, 0x3a, 0x3b, 0x3c, 0x3e, 0x5b, 0x5d, 0x3d, 0x40, 0xff, 0xc3];

/** Touches every lazy view, which may also raise SipParseError and nothing else. */
function touch(buf: Buffer): void {
  const m = parseMessage(buf);
  void m.vias;
  void m.contacts;
  void m.routes;
  void m.recordRoutes;
  void m.expires;
  void m.auth('authorization');
  if (m.kind === 'request') void m.parsedUri;
}

describe('parser robustness (seeded mutation fuzzing)', () => {
  it('raises only SipParseError for 3,000 mutated messages', () => {
    const rand = prng(4475);
    const unexpected: string[] = [];
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(SEED_MESSAGE);
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const pos = Math.floor(rand() * buf.length);
        buf[pos] = INTERESTING[Math.floor(rand() * INTERESTING.length)] ?? 0;
      }
      const cut = rand() < 0.2 ? buf.subarray(0, Math.floor(rand() * buf.length)) : buf;
      try {
        touch(cut);
      } catch (err) {
        if (err instanceof SipParseError) rejected++;
        else unexpected.push(`${i}: ${String(err)}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(rejected).toBeGreaterThan(100); // the mutations really do produce invalid input
  });

  it('the stream framer never throws anything but SipParseError on random bytes', () => {
    const rand = prng(3261);
    for (let i = 0; i < 500; i++) {
      const framer = new StreamFramer(2048);
      const chunk = Buffer.alloc(Math.floor(rand() * 600), 0);
      for (let j = 0; j < chunk.length; j++) chunk[j] = INTERESTING[Math.floor(rand() * INTERESTING.length)] ?? 0;
      try {
        framer.push(Buffer.concat([SEED_MESSAGE.subarray(0, Math.floor(rand() * SEED_MESSAGE.length)), chunk]));
      } catch (err) {
        expect(err).toBeInstanceOf(SipParseError);
      }
    }
  });
});
