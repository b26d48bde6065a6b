import { createRequire } from 'node:module';
import { SipStack } from '@ringwell/sip';

/**
 * The minimal UAS of the `sip-cps` benchmark, run as its own process (pinned to one core by the
 * bench): answers every INVITE at once with 200 + SDP (so no 100 Trying, on either stack), takes
 * the ACK, answers BYE with 200. The same
 * behaviour is built on Ringwell's stack (`--impl ringwell`) and on the npm `sip` package 0.0.6
 * (`--impl npm`), so the two can be compared call for call.
 *
 * Usage: `node sip-uas.js --impl ringwell|npm --port N`. It listens on UDP and TCP port N of
 * 127.0.0.1, prints `ready udp-socket=native|dgram` on stdout (Ringwell's UDP socket follows
 * `RINGWELL_SIP_UDP_SOCKET`), and answers `{ cmd: 'mem' }` over IPC with
 * `process.memoryUsage()` (after a full GC when started with `--expose-gc`).
 */

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

export interface UasMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly afterGc: boolean;
}

/** Minimal shape of the untyped npm `sip` 0.0.6 API used here. */
interface NpmSipMessage {
  method?: string;
  headers: { to: { params: Record<string, string> } } & Record<string, unknown>;
  content?: string;
}
interface NpmSip {
  start(options: Record<string, unknown>, onRequest: (req: NpmSipMessage) => void): void;
  makeResponse(req: NpmSipMessage, status: number, reason: string): NpmSipMessage;
  send(msg: NpmSipMessage): void;
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`sip-uas: missing ${name}`);
  return v;
}

async function startRingwell(port: number): Promise<string> {
  const stack = new SipStack({
    udp: { host: '127.0.0.1', port },
    tcp: { host: '127.0.0.1', port },
    rateLimit: false,
    // Like the npm UAS: an INVITE answered at once needs no 100 Trying (RFC 3261 §17.2.1).
    autoTrying: 'unless-answered',
  });
  stack.invite(async (req, res) => {
    await stack.createUAS(req, res, { localSdp: SDP });
  });
  stack.on('error', (err) => process.stderr.write(`uas error: ${err.message}\n`));
  await stack.listen();
  return stack.transport.udpSocketKind ?? 'none';
}

function startNpm(port: number): void {
  const sip = createRequire(import.meta.url)('sip') as NpmSip;
  let tag = 0;
  sip.start({ address: '127.0.0.1', port, udp: true, tcp: true, logger: {} }, (req) => {
    if (req.method === 'INVITE') {
      const res = sip.makeResponse(req, 200, 'OK');
      res.headers.to.params.tag = `npm${++tag}`;
      res.headers.contact = [{ uri: `sip:uas@127.0.0.1:${port}` }];
      res.headers['content-type'] = 'application/sdp';
      res.content = SDP;
      sip.send(res);
    } else if (req.method === 'BYE' || req.method === 'OPTIONS') {
      sip.send(sip.makeResponse(req, 200, 'OK'));
    } else if (req.method !== 'ACK') {
      sip.send(sip.makeResponse(req, 405, 'Method Not Allowed'));
    }
  });
}

function memory(): UasMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, afterGc: gc !== undefined };
}

async function main(): Promise<void> {
  const impl = arg('--impl');
  const port = Number(arg('--port'));
  let socket = 'dgram';
  if (impl === 'ringwell') socket = await startRingwell(port);
  else if (impl === 'npm') startNpm(port);
  else throw new Error(`sip-uas: unknown --impl ${impl}`);
  process.on('message', (m: unknown) => {
    if ((m as { cmd?: string }).cmd === 'mem') process.send?.({ mem: memory() });
  });
  process.on('disconnect', () => process.exit(0));
  // Exit through process.exit so `--cpu-prof` writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
  // the UDP socket in use, so the bench can say what it measured
  process.stdout.write(`ready udp-socket=${socket}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sip-uas failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
