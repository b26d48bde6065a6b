import { setTimeout as sleep } from 'node:timers/promises';
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

/** A process the CLI started and must be able to find (and stop) again. */
export interface RecordedProcess {
  readonly pid: number;
  /** Kernel start time (clock ticks since boot): tells our process from a later one with a recycled pid. */
  readonly startTime: number;
  readonly command: string;
  readonly startedAt: string;
}

interface ProcStat {
  readonly state: string;
  readonly pgrp: number;
  readonly session: number;
  readonly startTime: number;
}

/** Reads /proc/<pid>/stat; null if the process does not exist. */
export function readProcStat(pid: number): ProcStat | null {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may itself contain spaces or parens.
  const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', pgrp: Number(rest[2]), session: Number(rest[3]), startTime: Number(rest[19]) };
}

/** True while the recorded process runs (a zombie or a recycled pid counts as gone). */
export function isRunning(p: Pick<RecordedProcess, 'pid' | 'startTime'>): boolean {
  const st = readProcStat(p.pid);
  return st !== null && st.state !== 'Z' && st.state !== 'X' && st.startTime === p.startTime;
}

/**
 * Every live process in the session the recorded process leads. Components
 * are started with setsid, so their forks (Kamailio workers, smbd children)
 * stay in that session even after the leader dies.
 */
export function sessionMembers(leaderPid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = readProcStat(Number(entry));
    if (st && st.session === leaderPid && st.state !== 'Z') members.push(Number(entry));
  }
  return members;
}

export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly logFile: string;
}

/** Starts a detached process (own session) with stdout and stderr appended to its log file. */
export async function spawnDetached(spec: SpawnSpec): Promise<RecordedProcess> {
  const fd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...spec.env },
      cwd: spec.cwd,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`cannot start ${spec.command}: ${err.message}`)));
      child.once('spawn', () => (child.pid ? resolve(child.pid) : reject(new Error(`${spec.command} has no pid`))));
    });
    child.unref();
    const st = readProcStat(pid);
    if (!st) throw new Error(`${spec.command} exited at once; see ${spec.logFile}`);
    return { pid, startTime: st.startTime, command: [spec.command, ...spec.args].join(' '), startedAt: new Date().toISOString() };
  } finally {
    closeSync(fd);
  }
}


function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

/**
 * Stops a recorded process and every process of its session: SIGTERM, then
 * SIGKILL for whatever is left after `graceMs`. Returns the pids it had to kill.
 */
export async function stopProcess(p: RecordedProcess, graceMs: number): Promise<{ killed: number[] }> {
  const targets = (): number[] => {
    const members = sessionMembers(p.pid);
    return isRunning(p) && !members.includes(p.pid) ? [p.pid, ...members] : members;
  };
  let left = targets();
  if (left.length === 0) return { killed: [] };
  signalAll(left, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(50);
    left = targets();
    if (left.length === 0) return { killed: [] };
  }
  signalAll(left, 'SIGKILL');
  for (let i = 0; i < 40 && targets().length > 0; i++) await sleep(50);
  return { killed: left };
}

/** Resident memory of a process in bytes (0 if it is gone). */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
