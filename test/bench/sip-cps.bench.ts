import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UasMemory } from './sip-uas.js';

/**
 * `npm run bench -- sip-cps [--quick] [--plateau-s N] [--soak-s N] [--rates a,b,c] [--runs N]
 * [--transports udp,tcp] [--impls ringwell,npm] [--udp-socket native|dgram] [--warmup-s N]`
 *
 * Calls per second that one core of UAS sustains: sipp's built-in `uac` scenario (INVITE, 100,
 * 200, ACK, BYE, 200) against the minimal UAS of `sip-uas.ts`, built on Ringwell's stack and on
 * the npm `sip` package 0.0.6, in the same run, over UDP and over TCP (one connection, `-t t1`).
 * The UAS is pinned to core 1 and sipp to core 0 with `taskset`. Each plateau starts a fresh UAS
 * process and warms it up for `--warmup-s` seconds (default 5) at up to 1,000 calls/s first. The rate is ramped until failed calls reach 1 %; the maximum is the highest rate
 * with < 0.1 % failed calls whose plateau also kept its schedule (sipp was not held back).
 * Then a soak at 1,000 calls/s reports the heap and RSS of each UAS after `--soak-s` seconds.
 * Ringwell's UAS uses the native UDP socket when it is built (`--udp-socket dgram` measures it on
 * Node's dgram instead); the run says which one it used.
 *
 * The plateaus: 60 s by default (the npm package keeps every transaction 32 s, so shorter runs
 * flatter it), 10 s with `--quick`.
 */

const here = dirname(fileURLToPath(import.meta.url));
const UAS_SCRIPT = join(here, 'sip-uas.js');
const DEFAULT_RATES = [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 12000];
/**
 * Calls per second of the warm-up before each plateau. A fresh Node process runs its first
 * seconds unoptimised and grows its heap in steps; met at once by the full rate, both stacks
 * dropped datagrams for 3-4 s and recovered (measured: all of Ringwell's 10,474 drops at 4,000
 * calls/s fell in the first 4 s), which counted failures that say nothing about the rate a
 * running server sustains. `--warmup-s 0` measures cold starts.
 */
const WARMUP_RATE = 1000;
const UAS_CORE = '1';
const SIPP_CORE = '0';
const BASE_PORT = 40500;

type Impl = 'ringwell' | 'npm';
type Transport = 'udp' | 'tcp';

interface BenchArgs {
  readonly plateauS: number;
  /** Seconds of calls at up to WARMUP_RATE before each plateau, on the same UAS, not counted. */
  readonly warmupS: number;
  readonly soakS: number;
  readonly quick: boolean;
  readonly rates: readonly number[];
  readonly runs: number;
  readonly transports: readonly Transport[];
  readonly impls: readonly Impl[];
  /** `--udp-socket native|dgram`: the UDP socket of Ringwell's UAS (default: native when built). */
  readonly udpSocket: 'native' | 'dgram' | undefined;
}

/** The UDP socket asked of Ringwell's UAS processes, and the ones they reported using. */
let udpSocketChoice: 'native' | 'dgram' | undefined;
const ringwellUdpSockets = new Set<string>();

interface PlateauResult {
  readonly rate: number;
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  /** Failed plus never completed, over attempted. */
  readonly failPct: number;
  /** Calls placed per second of wall time; below the target when the UAS held sipp back. */
  readonly achievedCps: number;
  readonly kept: boolean;
  readonly cpuPct: number;
  readonly rssMb: number;
}

interface RampResult {
  readonly maxCps: number;
  readonly atMax: PlateauResult | undefined;
  readonly plateaus: PlateauResult[];
}

function parseArgs(args: readonly string[]): BenchArgs {
  const get = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const list = <T extends string>(name: string, all: readonly T[]): T[] => {
    const v = get(name);
    if (v === undefined) return [...all];
    const picked = v.split(',') as T[];
    for (const p of picked) if (!all.includes(p)) throw new Error(`${name}: unknown value ${p}`);
    return picked;
  };
  return {
    quick,
    plateauS: Number(get('--plateau-s') ?? (quick ? 10 : 60)),
    warmupS: Number(get('--warmup-s') ?? 5),
    soakS: Number(get('--soak-s') ?? 60),
    rates: get('--rates')?.split(',').map(Number) ?? DEFAULT_RATES,
    runs: Number(get('--runs') ?? 1),
    transports: list<Transport>('--transports', ['udp', 'tcp']),
    impls: list<Impl>('--impls', ['ringwell', 'npm']),
    udpSocket: get('--udp-socket') === undefined ? undefined : list<'native' | 'dgram'>('--udp-socket', ['native', 'dgram'])[0],
  };
}


/** utime + stime of a process in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

class Uas {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    /** Ringwell's UDP socket as the UAS reported it (`native` or `dgram`); npm's is dgram. */
    readonly udpSocket: string,
  ) {}

  static async start(impl: Impl, port: number): Promise<Uas> {
    const env = udpSocketChoice === undefined ? process.env : { ...process.env, RINGWELL_SIP_UDP_SOCKET: udpSocketChoice };
    const child = spawn('taskset', ['-c', UAS_CORE, process.execPath, '--expose-gc', UAS_SCRIPT, '--impl', impl, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env,
    });
    let socket = 'dgram';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${impl} UAS did not start: ${err}`)), 10_000);
      child.stdout?.on('data', (d: Buffer) => {
        const ready = /ready udp-socket=(\w+)/.exec(d.toString());
        if (ready) {
          socket = ready[1] ?? socket;
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${impl} UAS exited with ${code}: ${err}`));
      });
    });
    if (impl === 'ringwell') ringwellUdpSockets.add(socket);
    return new Uas(child, port, socket);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  memory(): Promise<UasMemory> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('UAS did not report its memory')), 10_000);
      this.child.once('message', (m: unknown) => {
        clearTimeout(timer);
        resolve((m as { mem: UasMemory }).mem);
      });
      this.child.send({ cmd: 'mem' });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

interface SippStats {
  readonly created: number;
  readonly ok: number;
  readonly failed: number;
  readonly elapsedS: number;
}

/** Runs sipp's built-in uac scenario for `calls` calls at `rate`, pinned to its own core. */
async function runSipp(port: number, transport: Transport, rate: number, calls: number, limitS: number): Promise<SippStats> {
  const dir = mkdtempSync(join(tmpdir(), 'rw-sip-cps-'));
  const stf = join(dir, 'stats.csv');
  const args = [
    '-c', SIPP_CORE, 'sipp', `127.0.0.1:${port}`,
    '-sn', 'uac',
    '-s', 'bench',
    '-t', transport === 'udp' ? 'u1' : 't1',
    '-i', '127.0.0.1',
    '-r', String(rate),
    '-m', String(calls),
    '-l', String(Math.max(1000, rate * 6)),
    '-recv_timeout', '6000',
    '-nostdin',
    '-trace_stat', '-stf', stf, '-fd', '1',
  ];
  const started = Date.now();
  const child = spawn('taskset', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const killer = setTimeout(() => child.kill('SIGUSR1'), limitS * 1000);
  const hard = setTimeout(() => child.kill('SIGKILL'), (limitS + 10) * 1000);
  await exited;
  clearTimeout(killer);
  clearTimeout(hard);
  const elapsedS = (Date.now() - started) / 1000;
  const stats = existsSync(stf) ? readFileSync(stf, 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  const lines = stats.trim().split('\n');
  const head = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const col = (name: string): number => {
    const i = head.indexOf(name);
    return i >= 0 ? Number(last[i]) : NaN;
  };
  const created = col('OutgoingCall(C)');
  if (!Number.isFinite(created)) throw new Error(`sipp produced no statistics: ${stderr}`);
  return { created, ok: col('SuccessfulCall(C)'), failed: col('FailedCall(C)'), elapsedS };
}

async function plateau(impl: Impl, transport: Transport, rate: number, seconds: number, warmupS: number, port: number): Promise<PlateauResult> {
  const uas = await Uas.start(impl, port);
  try {
    if (warmupS > 0) {
      const warmRate = Math.min(rate, WARMUP_RATE);
      await runSipp(port, transport, warmRate, warmRate * warmupS, warmupS * 2 + 15);
    }
    const calls = rate * seconds;
    const cpu0 = cpuSeconds(uas.pid);
    const t0 = Date.now();
    const s = await runSipp(port, transport, rate, calls, seconds * 1.5 + 15);
    const wall = (Date.now() - t0) / 1000;
    const cpuPct = ((cpuSeconds(uas.pid) - cpu0) / wall) * 100;
    const rss = rssMb(uas.pid);
    const failed = calls - s.ok;
    const failPct = (failed / calls) * 100;
    // sipp stops creating calls when its limit of open calls is reached: a UAS that answers
    // slowly lowers the rate instead of failing calls. A plateau must keep its schedule.
    const achievedCps = s.created / Math.max(s.elapsedS - 1, 1);
    const kept = s.created >= calls && s.elapsedS <= seconds * 1.1 + 3;
    return { rate, calls, ok: s.ok, failed, failPct, achievedCps, kept, cpuPct, rssMb: rss };
  } finally {
    await uas.stop();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? (s[(n - 1) / 2] ?? NaN) : ((s[n / 2 - 1] ?? 0) + (s[n / 2] ?? 0)) / 2;
};

function fmt(p: PlateauResult): string {
  return `${p.rate}/s: ${p.ok}/${p.calls} ok, ${p.failPct.toFixed(3)} % failed, placed ${p.achievedCps.toFixed(0)}/s${p.kept ? '' : ' (behind schedule)'}, cpu ${p.cpuPct.toFixed(0)} %, rss ${p.rssMb.toFixed(0)} MB`;
}

/** One ramp of every implementation over one transport, interleaved so both see the same noise. */
async function ramp(args: BenchArgs, transport: Transport, run: number): Promise<Map<Impl, RampResult>> {
  const results = new Map<Impl, RampResult>();
  const active = new Set<Impl>(args.impls);
  for (const impl of args.impls) results.set(impl, { maxCps: 0, atMax: undefined, plateaus: [] });
  let port = BASE_PORT + (transport === 'tcp' ? 200 : 0);
  for (const rate of args.rates) {
    if (active.size === 0) break;
    // Alternate which implementation goes first at each step.
    const order = [...active];
    if (args.rates.indexOf(rate) % 2 === 1) order.reverse();
    for (const impl of order) {
      port = port + 1 > BASE_PORT + 400 ? BASE_PORT : port + 1;
      const p = await plateau(impl, transport, rate, args.plateauS, args.warmupS, port);
      const r = results.get(impl);
      if (!r) continue;
      r.plateaus.push(p);
      console.log(`  [run ${run}] ${transport} ${impl.padEnd(8)} ${fmt(p)}`);
      const good = p.failPct < 0.1 && p.kept;
      if (good && p.rate > r.maxCps) results.set(impl, { ...r, maxCps: p.rate, atMax: p });
      if (p.failPct >= 1 || !p.kept) active.delete(impl);
      await sleep(1000);
    }
  }
  return results;
}

async function soak(impl: Impl, seconds: number, rate: number): Promise<{ mem: UasMemory; plateau: PlateauResult; heapSamplesMb: number[] }> {
  const port = BASE_PORT + 450 + (impl === 'npm' ? 1 : 0);
  const uas = await Uas.start(impl, port);
  try {
    const heapSamplesMb: number[] = [];
    const cpu0 = cpuSeconds(uas.pid);
    const t0 = Date.now();
    const sipp = runSipp(port, 'udp', rate, rate * seconds, seconds * 1.5 + 15);
    let done = false;
    void sipp.finally(() => (done = true));
    while (!done) {
      await sleep(Math.max(5000, (seconds * 1000) / 12));
      if (done) break;
      heapSamplesMb.push((await uas.memory()).heapUsed / 2 ** 20);
    }
    const s = await sipp;
    const wall = (Date.now() - t0) / 1000;
    const cpuPct = ((cpuSeconds(uas.pid) - cpu0) / wall) * 100;
    const rss = rssMb(uas.pid);
    const mem = await uas.memory();
    const calls = rate * seconds;
    return {
      mem,
      heapSamplesMb,
      plateau: {
        rate,
        calls,
        ok: s.ok,
        failed: calls - s.ok,
        failPct: ((calls - s.ok) / calls) * 100,
        achievedCps: s.created / Math.max(s.elapsedS - 1, 1),
        kept: s.created >= calls,
        cpuPct,
        rssMb: rss,
      },
    };
  } finally {
    await uas.stop();
  }
}

export async function run(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  udpSocketChoice = args.udpSocket;
  if (spawnSync('sipp', ['-v']).error || spawnSync('taskset', ['-V']).error) {
    throw new Error('sip-cps needs sipp (Debian sip-tester) and taskset (util-linux)');
  }
  console.log(
    `sip-cps: ${args.quick ? 'QUICK mode, ' : ''}${args.plateauS} s plateaus, ${args.runs} run(s), soak ${args.soakS} s at 1000 calls/s; ` +
      `UAS on core ${UAS_CORE}, sipp on core ${SIPP_CORE}; rates ${args.rates.join(',')}; ` +
      (args.warmupS > 0 ? `each plateau after ${args.warmupS} s of warm-up at up to ${WARMUP_RATE} calls/s (not counted)` : 'cold starts (no warm-up)'),
  );
  const maxima = new Map<string, number[]>();
  const atMax = new Map<string, PlateauResult[]>();
  for (let run = 1; run <= args.runs; run++) {
    for (const transport of args.transports) {
      const results = await ramp(args, transport, run);
      for (const [impl, r] of results) {
        const key = `${impl}/${transport}`;
        maxima.set(key, [...(maxima.get(key) ?? []), r.maxCps]);
        if (r.atMax) atMax.set(key, [...(atMax.get(key) ?? []), r.atMax]);
      }
    }
  }

  console.log('');
  console.log(`| stack    | transport | max calls/s (<0.1 % failed, median of ${args.runs}) | UAS CPU at max | UAS RSS at max |`);
  console.log('|----------|-----------|------------------------------|----------------|----------------|');
  for (const transport of args.transports) {
    for (const impl of args.impls) {
      const key = `${impl}/${transport}`;
      const at = atMax.get(key) ?? [];
      const cpu = median(at.map((p) => p.cpuPct));
      const rss = median(at.map((p) => p.rssMb));
      console.log(
        `| ${impl.padEnd(8)} | ${transport.padEnd(9)} | ${String(median(maxima.get(key) ?? [])).padEnd(28)} | ${Number.isNaN(cpu) ? '-' : `${cpu.toFixed(0)} %`} | ${Number.isNaN(rss) ? '-' : `${rss.toFixed(0)} MB`} |`,
      );
    }
  }
  console.log('');

  if (ringwellUdpSockets.size > 0) console.log(`Ringwell's UAS used the ${[...ringwellUdpSockets].join(' and ')} UDP socket (docs/sip-stack.md, "Native UDP socket").`);
  const mode = args.quick ? 'quick' : 'full';
  console.log(`bench: sip_cps_plateau_s=${args.plateauS} s (${mode} mode)`);
  const names: Record<Impl, string> = { ringwell: 'sip', npm: 'npm_sip' };
  for (const transport of args.transports) {
    for (const impl of args.impls) {
      console.log(`bench: ${names[impl]}_${transport}_max_cps=${median(maxima.get(`${impl}/${transport}`) ?? [])} calls/s`);
    }
    if (args.impls.length === 2) {
      const ours = median(maxima.get(`ringwell/${transport}`) ?? []);
      const theirs = median(maxima.get(`npm/${transport}`) ?? []);
      console.log(`bench: sip_${transport}_ratio_vs_npm=${theirs > 0 ? (ours / theirs).toFixed(2) : 'inf'} x`);
    }
  }

  if (args.soakS > 0) {
    for (const impl of args.impls) {
      const s = await soak(impl, args.soakS, 1000);
      console.log(`  soak ${impl.padEnd(8)} ${fmt(s.plateau)}; heap every ~${Math.max(5, args.soakS / 12).toFixed(0)} s: ${s.heapSamplesMb.map((h) => h.toFixed(0)).join(' ')} MB`);
      console.log(`bench: ${names[impl]}_heap_mb_after_${args.soakS}s=${(s.mem.heapUsed / 2 ** 20).toFixed(1)} MB`);
      console.log(`bench: ${names[impl]}_rss_mb_after_${args.soakS}s=${(s.mem.rss / 2 ** 20).toFixed(1)} MB`);
      console.log(`bench: ${names[impl]}_soak_failed_pct=${s.plateau.failPct.toFixed(3)} %`);
    }
  }
}
