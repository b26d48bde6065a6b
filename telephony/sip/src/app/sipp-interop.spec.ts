import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { digestAuth } from '../auth/digest.middleware.js';
import type { Dialog } from '../dialog/sip.dialog.js';
import type { ServerTransaction } from '../transaction/transaction.manager.js';
import { SipStack } from './sip.stack.js';

const SCENARIOS = fileURLToPath(new URL('../../../../test/sipp/', import.meta.url));
const sippMissing = spawnSync('sipp', ['-v']).error !== undefined;
if (sippMissing) console.warn('sipp interop specs skipped: the `sipp` binary (Debian package sip-tester) is not installed');

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n';

interface SippResult {
  readonly code: number | null;
  /** Content of sipp's error file: unexpected messages, timeouts. */
  readonly errors: string;
  /** sipp's own stderr, shown when a run fails. */
  readonly log: string;
}

/**
 * A local port for sipp that is free right now, chosen by the kernel (bound on TCP and UDP,
 * then released). A fixed range is not safe: it lies inside Linux's ephemeral range, where any
 * outgoing connection on the machine (HAProxy checks, DB clients) may be holding it.
 */
async function sippPort(): Promise<number> {
  for (;;) {
    const tcp = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as AddressInfo).port));
    });
    const udp = createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (udpFree) return port;
  }
}

interface SippRun {
  /** Remote host:port for a UAC scenario; omitted for a UAS scenario (sipp listens). */
  readonly remote?: number;
  readonly localPort?: number;
  readonly extra?: readonly string[];
}

/**
 * Runs one sipp scenario, bounded by `-m` and `-timeout`. If sipp cannot bind its port (taken
 * between our check and its bind), the run is repeated on another port.
 */
async function runSipp(scenario: string, service: string, port: number | SippRun, transport: 'u1' | 't1', calls: number): Promise<SippResult> {
  const run: SippRun = typeof port === 'number' ? { remote: port } : port;
  for (let attempt = 1; ; attempt++) {
    const result = await runSippOnce(scenario, service, { ...run, localPort: run.localPort ?? (await sippPort()) }, transport, calls);
    const bindFailed = /Unable to bind main socket/.test(result.errors + result.log);
    if (!bindFailed || run.localPort !== undefined || attempt >= 3) return result;
  }
}

function runSippOnce(scenario: string, service: string, run: SippRun & { readonly localPort: number }, transport: 'u1' | 't1', calls: number): Promise<SippResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rw-sipp-'));
  const errorFile = join(dir, 'errors.log');
  const args = [
    ...(run.remote !== undefined ? [`127.0.0.1:${run.remote}`] : []),
    '-p', String(run.localPort),
    ...(run.extra ?? []),
    '-sf', join(SCENARIOS, scenario),
    '-s', service,
    '-t', transport,
    '-i', '127.0.0.1',
    '-m', String(calls),
    '-r', '20',
    '-timeout', '20s',
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    '-error_file', errorFile,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const errors = existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, errors: errors.slice(0, 4000), log: stderr.slice(0, 4000) });
    });
  });
}

/** a= direction attribute of an SDP ('' when it has none). */
function direction(sdp: string | undefined): string {
  return /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(sdp ?? '')?.[1] ?? '';
}


describe.skipIf(sippMissing)('sipp against a UAS built on the stack', () => {
  let uas: SipStack;
  let answered = 0;
  let canceled = 0;
  let invitesSeen = 0;
  const busyTransactions: ServerTransaction[] = [];
  /** a= direction of the caller's SDP at each ACK of each dialog (hold/resume). */
  const directionsAtAck: string[][] = [];
  /** Status of the BYE our UAS sent (callee hangs up). */
  const byeStatuses: number[] = [];
  const registered: (string | undefined)[] = [];

  beforeAll(async () => {
    // T4 short so a server transaction confirmed by an ACK is freed quickly: a test can then
    // tell an ACK that matched (freed) from one that did not (kept until Timer H).
    uas = new SipStack({ udp: { port: 0 }, tcp: { port: 0 }, timers: { T4: 100 }, rateLimit: false });
    uas.use(digestAuth({ realm: 'ringwell.test', methods: ['REGISTER'], algorithms: ['MD5'], lookup: (user) => (user === 'alice' ? 's3cret' : undefined) }));
    uas.register((req, res) => {
      registered.push(req.authenticatedUser);
      res.send(200, { headers: { Expires: 60, Contact: req.get('contact') ?? '' } });
    });
    uas.invite(async (req, res) => {
      invitesSeen++;
      const user = req.msg.parsedUri.user;
      if (user === 'busy') {
        busyTransactions.push(req.tx);
        res.send(486);
        return;
      }
      if (user === 'full') {
        res.send(503, { headers: { 'Retry-After': 30 } });
        return;
      }
      // Slow to ring and answer, so the caller's INVITE retransmission arrives while we wait.
      if (user === 'slow') await sleep(300);
      res.send(180);
      if (user === 'ring') {
        req.on('cancel', () => canceled++);
        return;
      }
      const dialog = await uas.createUAS(req, res, { localSdp: SDP });
      answered++;
      // The first ACK resolved createUAS; later ones (re-INVITEs) are reported by the dialog.
      const seen: string[] = [direction(dialog.remoteSdp)];
      directionsAtAck.push(seen);
      dialog.on('ack', () => seen.push(direction(dialog.remoteSdp)));
      if (user === 'hangup') {
        await sleep(100);
        const r = await dialog.destroy();
        byeStatuses.push(r?.status ?? 0);
      }
    });
    await uas.listen();
  });

  afterAll(async () => {
    await uas.close();
  });

  for (const transport of ['u1', 't1'] as const) {
    const port = (): number => uas.address(transport === 'u1' ? 'udp' : 'tcp').port;
    const expectClean = (r: SippResult): void => {
      expect(r.errors).toBe('');
      expect(r.code, r.log).toBe(0);
    };

    it(`uac-basic-call.xml over ${transport}: 5 calls answered, ACKed and hung up`, async () => {
      const before = answered;
      const r = await runSipp('uac-basic-call.xml', 'agent', port(), transport, 5);
      expectClean(r);
      expect(answered - before).toBe(5);
      expect(uas.dialogCount).toBe(0);
    }, 30_000);

    it(`uac-ringing-then-answered.xml over ${transport}: 180 then 200, for 3 calls`, async () => {
      const before = answered;
      expectClean(await runSipp('uac-ringing-then-answered.xml', 'agent', port(), transport, 3));
      expect(answered - before).toBe(3);
    }, 30_000);

    it(`uac-lost-ack-expect-2xx-retransmitted.xml over ${transport}: the 2xx comes again until the ACK`, async () => {
      const before = answered;
      const sent = vi.spyOn(uas.transport, 'sendResponse');
      let calls: typeof sent.mock.calls = [];
      try {
        const scenario = transport === 'u1' ? 'uac-lost-ack-expect-2xx-retransmitted.xml' : 'uac-lost-ack-expect-2xx-retransmitted-tcp.xml';
        expectClean(await runSipp(scenario, 'agent', port(), transport, 2));
      } finally {
        calls = [...sent.mock.calls];
        sent.mockRestore();
      }
      const okPerCall = new Map<string, number>();
      for (const [res] of calls) {
        if (res.status === 200 && res.cseq.method === 'INVITE') okPerCall.set(res.callId, (okPerCall.get(res.callId) ?? 0) + 1);
      }
      // Sent at 0, T1 and 3*T1 (T1 = 500 ms) during the 1.7 s without ACK, then no more.
      expect([...okPerCall.values()]).toEqual([3, 3]);
      expect(answered - before).toBe(2);
      expect(uas.dialogCount).toBe(0);
    }, 30_000);

    it(`uac-invite-retransmitted-expect-one-call.xml over ${transport}: the retransmission is absorbed`, async () => {
      const invites = invitesSeen;
      const before = answered;
      expectClean(await runSipp('uac-invite-retransmitted-expect-one-call.xml', 'slow', port(), transport, 3));
      expect(invitesSeen - invites).toBe(3);
      expect(answered - before).toBe(3);
    }, 30_000);

    it(`uac-expect-486.xml over ${transport}: busy, and the ACK matches the INVITE transaction`, async () => {
      busyTransactions.length = 0;
      const r = await runSipp('uac-expect-486.xml', 'busy', port(), transport, 3);
      expectClean(r);
      // Matched ACKs confirm the transactions, freed after Timer I (T4 = 100 ms); unmatched ones
      // would still be retransmitting 486 in Completed until Timer H (32 s).
      expect(busyTransactions.map((tx) => tx.state)).toEqual(['terminated', 'terminated', 'terminated']);
    }, 30_000);

    it(`uac-expect-503.xml over ${transport}: 503 with Retry-After, ACKed`, async () => {
      expectClean(await runSipp('uac-expect-503.xml', 'full', port(), transport, 3));
    }, 30_000);

    it(`uac-cancel-expect-487.xml over ${transport}: CANCEL gets 200, INVITE gets 487`, async () => {
      const before = canceled;
      const r = await runSipp('uac-cancel-expect-487.xml', 'ring', port(), transport, 3);
      expectClean(r);
      expect(canceled - before).toBe(3);
    }, 30_000);

    it(`uac-reinvite-hold-then-resume.xml over ${transport}: hold and resume re-INVITEs answered, SDP tracked`, async () => {
      directionsAtAck.length = 0;
      expectClean(await runSipp('uac-reinvite-hold-then-resume.xml', 'agent', port(), transport, 2));
      expect(directionsAtAck).toEqual([
        ['', 'sendonly', 'sendrecv'],
        ['', 'sendonly', 'sendrecv'],
      ]);
      expect(uas.dialogCount).toBe(0);
    }, 30_000);

    it(`uac-callee-hangs-up.xml over ${transport}: our UAS sends BYE and sipp answers 200`, async () => {
      byeStatuses.length = 0;
      expectClean(await runSipp('uac-callee-hangs-up.xml', 'hangup', port(), transport, 2));
      expect(byeStatuses).toEqual([200, 200]);
      expect(uas.dialogCount).toBe(0);
    }, 30_000);

    it(`uac-register-digest-expect-200.xml over ${transport}: right password registers`, async () => {
      registered.length = 0;
      expectClean(await runSipp('uac-register-digest-expect-200.xml', 'alice', { remote: port(), extra: ['-au', 'alice', '-ap', 's3cret'] }, transport, 2));
      expect(registered).toEqual(['alice', 'alice']);
    }, 30_000);

    it(`uac-register-wrong-password-expect-403.xml over ${transport}: wrong password refused`, async () => {
      registered.length = 0;
      expectClean(await runSipp('uac-register-wrong-password-expect-403.xml', 'alice', { remote: port(), extra: ['-au', 'alice', '-ap', 'wrong'] }, transport, 2));
      expect(registered).toEqual([]);
    }, 30_000);

    it(`uac-options-expect-200.xml over ${transport}`, async () => {
      const r = await runSipp('uac-options-expect-200.xml', 'probe', port(), transport, 5);
      expectClean(r);
    }, 30_000);

    it(`uas-answers-caller-hangs-up.xml over ${transport}: the stack's UAC calls sipp and hangs up`, async () => {
      const caller = new SipStack({ udp: { port: 0 }, tcp: { port: 0 }, rateLimit: false });
      await caller.listen();
      try {
        const local = await sippPort();
        const sipp = runSipp('uas-answers-caller-hangs-up.xml', 'agent', { localPort: local }, transport, 1);
        const param = transport === 't1' ? ';transport=tcp' : '';
        let dialog: Dialog | undefined;
        // sipp needs a moment to bind; retry the call while it is not listening yet.
        for (let attempt = 0; attempt < 20 && !dialog; attempt++) {
          await sleep(150);
          dialog = await caller.createUAC(`sip:sipp@127.0.0.1:${local}${param}`, { localSdp: SDP }).catch(() => undefined);
        }
        expect(dialog?.remoteSdp).toContain('m=audio');
        const bye = await dialog?.destroy();
        expect(bye?.status).toBe(200);
        expectClean(await sipp);
      } finally {
        await caller.close();
      }
    }, 30_000);
  }
});
