import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
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

/** Runs one sipp scenario against the UAS, bounded by `-m` and `-timeout`. */
function runSipp(scenario: string, service: string, port: number, transport: 'u1' | 't1', calls: number): Promise<SippResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rw-sipp-'));
  const errorFile = join(dir, 'errors.log');
  const args = [
    `127.0.0.1:${port}`,
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

describe.skipIf(sippMissing)('sipp against a UAS built on the stack', () => {
  let uas: SipStack;
  let answered = 0;
  let canceled = 0;
  const busyTransactions: ServerTransaction[] = [];

  beforeAll(async () => {
    // T4 short so a server transaction confirmed by an ACK is freed quickly: a test can then
    // tell an ACK that matched (freed) from one that did not (kept until Timer H).
    uas = new SipStack({ udp: { port: 0 }, tcp: { port: 0 }, timers: { T4: 100 }, rateLimit: false });
    uas.invite(async (req, res) => {
      const user = req.msg.parsedUri.user;
      if (user === 'busy') {
        busyTransactions.push(req.tx);
        res.send(486);
        return;
      }
      res.send(180);
      if (user === 'ring') {
        req.on('cancel', () => canceled++);
        return;
      }
      await uas.createUAS(req, res, { localSdp: SDP });
      answered++;
    });
    await uas.listen();
  });

  afterAll(async () => {
    await uas.close();
  });

  for (const transport of ['u1', 't1'] as const) {
    const port = (): number => uas.address(transport === 'u1' ? 'udp' : 'tcp').port;

    it(`uac-basic-call.xml over ${transport}: 5 calls answered, ACKed and hung up`, async () => {
      const before = answered;
      const r = await runSipp('uac-basic-call.xml', 'agent', port(), transport, 5);
      expect(r.errors).toBe('');
      expect(r.code, r.log).toBe(0);
      expect(answered - before).toBe(5);
      expect(uas.dialogCount).toBe(0);
    }, 30_000);

    it(`uac-expect-486.xml over ${transport}: busy, and the ACK matches the INVITE transaction`, async () => {
      busyTransactions.length = 0;
      const r = await runSipp('uac-expect-486.xml', 'busy', port(), transport, 3);
      expect(r.errors).toBe('');
      expect(r.code, r.log).toBe(0);
      // Matched ACKs confirm the transactions, freed after Timer I (T4 = 100 ms); unmatched ones
      // would still be retransmitting 486 in Completed until Timer H (32 s).
      expect(busyTransactions.map((tx) => tx.state)).toEqual(['terminated', 'terminated', 'terminated']);
    }, 30_000);

    it(`uac-cancel-expect-487.xml over ${transport}: CANCEL gets 200, INVITE gets 487`, async () => {
      const before = canceled;
      const r = await runSipp('uac-cancel-expect-487.xml', 'ring', port(), transport, 3);
      expect(r.errors).toBe('');
      expect(r.code, r.log).toBe(0);
      expect(canceled - before).toBe(3);
    }, 30_000);

    it(`uac-options-expect-200.xml over ${transport}`, async () => {
      const r = await runSipp('uac-options-expect-200.xml', 'probe', port(), transport, 5);
      expect(r.errors).toBe('');
      expect(r.code, r.log).toBe(0);
    }, 30_000);
  }
});
