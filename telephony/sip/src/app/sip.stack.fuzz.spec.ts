import { setTimeout as sleep } from 'node:timers/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it, expect } from 'vitest';
import { SipStack } from './sip.stack.js';

/** Deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: readonly string[] = [
  'INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:40990;branch=z9hG4bKfz1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:agent@h>\r\nCall-ID: fz1\r\nCSeq: 1 INVITE\r\nContact: <sip:a@127.0.0.1:40990>\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: 12\r\n\r\nv=0\r\ns=-\r\n\r\n',
  'OPTIONS sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:40990;branch=z9hG4bKfz2;rport\r\nf: <sip:a@h>;tag=2\r\nt: <sip:agent@h>\r\ni: fz2\r\nCSeq: 7 OPTIONS\r\nl: 0\r\n\r\n',
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:40990;branch=z9hG4bKfz3\r\nFrom: <sip:a@h>;tag=3\r\nTo: <sip:b@h>;tag=4\r\nCall-ID: fz3\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
  'BYE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:40990;branch=z9hG4bKfz4\r\nFrom: <sip:a@h>;tag=5\r\nTo: <sip:agent@h>;tag=6\r\nCall-ID: fz4\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n',
  'REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP [::1]:40990;branch=z9hG4bKfz5\r\nFrom: "A \\"q\\"" <sip:a@h>;tag=7\r\nTo: <sip:a@h>\r\nCall-ID: fz5\r\nCSeq: 1 REGISTER\r\nAuthorization: Digest username="a", realm="r", nonce="n", uri="sip:h", response="00"\r\nContent-Length: 0\r\n\r\n',
];
const TOKENS = ['\r\n', '\r\n\r\n', ':', ';', ',', '<', '>', '"', '\\', ' ', '\t', 'SIP/2.0', 'Content-Length: 99999', 'l: -1', 'Via:', 'CSeq: x', '\0', '\xff', '%', '[', ']', '@'];

/** One fuzz case: a mutated seed (byte flips, token insertions, truncation) or pure noise. */
function fuzzCase(rnd: () => number): Buffer {
  if (rnd() < 0.15) {
    const noise = Buffer.alloc(1 + Math.floor(rnd() * 1500));
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rnd() * 256);
    return noise;
  }
  let text = SEEDS[Math.floor(rnd() * SEEDS.length)] ?? '';
  const edits = 1 + Math.floor(rnd() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * text.length);
    const op = rnd();
    if (op < 0.35) text = text.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + text.slice(at + 1);
    else if (op < 0.7) text = text.slice(0, at) + (TOKENS[Math.floor(rnd() * TOKENS.length)] ?? '') + text.slice(at);
    else if (op < 0.85) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 40));
    else text = text.slice(0, at);
  }
  return Buffer.from(text, 'latin1');
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}


const OPTIONS_PROBE = (transport: 'UDP' | 'TCP', port: number, id: string): string =>
  `OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK${id}\r\nFrom: <sip:f@h>;tag=${id}\r\nTo: <sip:probe@h>\r\nCall-ID: ${id}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;

describe('fuzzing the UDP and TCP ports of a running stack', () => {
  it('survives 4 s of random and mutated messages, answers valid traffic after, and memory returns to baseline', async () => {
    const seed = Number(process.env.RINGWELL_FUZZ_SEED ?? 4242);
    const rnd = prng(seed);
    // Short timers so every transaction the fuzz created ends within the test.
    const stack = new SipStack({ udp: { port: 0 }, tcp: { port: 0 }, timers: { T1: 20, T2: 80, T4: 100, D: 200 }, rateLimit: false });
    const errors: Error[] = [];
    stack.on('error', (err) => errors.push(err));
    stack.on('warning', () => undefined);
    stack.invite((_req, res) => void res.send(486));
    await stack.listen();
    const udpPort = stack.address('udp').port;
    const tcpPort = stack.address('tcp').port;
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    udp.on('message', () => undefined);

    // Warm up, then take the baseline.
    for (let i = 0; i < 200; i++) udp.send(fuzzCase(rnd), udpPort, '127.0.0.1');
    await sleep(500);
    const baseline = heapAfterGc();

    let sent = 0;
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline) {
      // UDP: a burst of datagrams.
      for (let i = 0; i < 100; i++, sent++) udp.send(fuzzCase(rnd), udpPort, '127.0.0.1');
      // TCP: a fresh connection gets a few cases glued together, sometimes split mid-message.
      const sock = connect(tcpPort, '127.0.0.1');
      sock.on('error', () => undefined);
      sock.on('data', () => undefined);
      const chunks = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => fuzzCase(rnd));
      sent += chunks.length;
      await new Promise<void>((r) => sock.once('connect', () => r()).once('error', () => r()));
      for (const c of chunks) if (!sock.destroyed) sock.write(c);
      sock.end();
      await sleep(5);
    }
    expect(sent).toBeGreaterThan(5000);

    // Valid traffic is still answered, on both transports.
    udp.removeAllListeners('message');
    const gotUdp = new Promise<string>((resolve) => {
      udp.on('message', (m) => {
        if (m.toString().includes('Call-ID: probe-udp')) resolve(m.toString());
      });
    });
    udp.send(OPTIONS_PROBE('UDP', udp.address().port, 'probe-udp'), udpPort, '127.0.0.1');
    expect(await gotUdp).toMatch(/^SIP\/2\.0 200 /);

    const tcp = connect(tcpPort, '127.0.0.1');
    const gotTcp = new Promise<string>((resolve) => {
      let buf = '';
      tcp.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\r\n\r\n')) resolve(buf);
      });
    });
    tcp.write(OPTIONS_PROBE('TCP', 40991, 'probe-tcp'));
    expect(await gotTcp).toMatch(/^SIP\/2\.0 200 /);
    tcp.destroy();

    // Every transaction the fuzz created ends on its timers, connections close, heap comes back.
    await sleep(1500);
    expect(stack.transactions.serverCount).toBe(0);
    expect(stack.transactions.serverInFlight).toBe(0);
    expect(stack.dialogCount).toBe(0);
    const after = heapAfterGc();
    expect(after - baseline, `heap grew from ${baseline} to ${after} bytes (seed ${seed})`).toBeLessThan(8 * 2 ** 20);
    expect(errors).toEqual([]);
    expect(stack.transport.stats.malformedDropped + stack.transport.stats.malformedAnswered).toBeGreaterThan(100);

    udp.close();
    await stack.close();
  }, 20_000);
});
