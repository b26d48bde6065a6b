import { mkdir, open, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StatisticsError } from '../errors/statistics.error.js';
import type { StatisticsEvent } from '../statistics-event.js';
import type { StatisticsLogger } from '../statistics.logger.js';

/** A sealed spool file, read back for replay. */
export interface SpoolSegment {
  readonly name: string;
  readonly events: readonly StatisticsEvent[];
  /** Lines in the file, readable or not: what removing it takes off the spool's size. */
  readonly lines: number;
}

export interface FileSpoolOptions {
  /** One directory per process: the spool takes a lock file in it. */
  readonly dir: string;
  readonly logger: StatisticsLogger;
  /** A segment is sealed after this many events, which bounds what a replay reads at once. */
  readonly segmentMaxEvents?: number;
  /** Appends are grouped for this long into one write + fdatasync. */
  readonly syncDelayMs?: number;
}

const SEGMENT = /^seg-(\d{12})\.jsonl$/;
const LOCK_FILE = 'spool.lock';
/** Unreadable lines and events MariaDB refused: kept for an operator, never replayed. */
export const REJECTED_FILE = 'rejected.jsonl';
const RETRY_AFTER_IO_ERROR_MS = 500;

const segmentName = (seq: number): string => `seg-${String(seq).padStart(12, '0')}.jsonl`;

/**
 * Append-only, fsync'd JSON-lines spool in numbered segment files. Appends are synchronous
 * for the caller (they only queue lines in memory) and made durable within `syncDelayMs` by
 * one write and one fdatasync per group. Segments are replayed oldest first and deleted only
 * after the caller says their events are committed.
 */
export class FileSpool {
  private readonly sealed: string[] = [];
  private active: { name: string; handle: FileHandle; events: number } | null = null;
  private pending: string[] = [];
  private eventCount = 0;
  private nextSeq: number;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private ioFailing = false;
  private closed = false;
  private readonly segmentMaxEvents: number;
  private readonly syncDelayMs: number;

  private constructor(
    private readonly options: FileSpoolOptions,
    existing: ReadonlyArray<{ name: string; lines: number }>,
  ) {
    this.segmentMaxEvents = options.segmentMaxEvents ?? 10_000;
    this.syncDelayMs = options.syncDelayMs ?? 5;
    let maxSeq = 0;
    for (const seg of existing) {
      this.sealed.push(seg.name);
      this.eventCount += seg.lines;
      maxSeq = Math.max(maxSeq, Number(SEGMENT.exec(seg.name)?.[1] ?? 0));
    }
    this.nextSeq = maxSeq + 1;
  }

  /** Takes the directory's lock and picks up segments a previous run left behind. */
  static async open(options: FileSpoolOptions): Promise<FileSpool> {
    await mkdir(options.dir, { recursive: true });
    await takeLock(options.dir);
    const names = (await readdir(options.dir)).filter((f) => SEGMENT.test(f)).sort();
    const existing = [];
    for (const name of names) existing.push({ name, lines: countLines(await readFile(join(options.dir, name), 'utf8')) });
    if (existing.length > 0) {
      options.logger.info({ dir: options.dir, segments: existing.length, events: existing.reduce((n, s) => n + s.lines, 0) }, 'statistics spool: replaying segments left by a previous run');
    }
    return new FileSpool(options, existing);
  }

  /** Events in the spool, durable or about to be. */
  get size(): number {
    return this.eventCount;
  }

  get segments(): number {
    return this.sealed.length + (this.active ? 1 : 0);
  }

  /** Queues events for the next grouped write; never blocks, never throws on I/O. */
  append(events: readonly StatisticsEvent[]): void {
    if (this.closed) throw new StatisticsError('STATS_ERR_SPOOL_IO', 'spool is closed');
    for (const e of events) this.pending.push(JSON.stringify(e));
    this.eventCount += events.length;
    if (this.pending.length >= 2000) this.flushSoon(0);
    else this.flushSoon(this.syncDelayMs);
  }

  /** Resolves once everything appended so far is on disk; false if the disk is failing. */
  async durable(): Promise<boolean> {
    await this.enqueue(() => this.flushPending());
    return this.pending.length === 0 && !this.ioFailing;
  }

  /** The oldest segment, sealing the active one first if it is all there is; null when empty. */
  async oldest(): Promise<SpoolSegment | null> {
    let result: SpoolSegment | null = null;
    await this.enqueue(async () => {
      if (this.sealed.length === 0) {
        await this.flushPending();
        await this.sealActive();
      }
      const name = this.sealed[0];
      if (name === undefined) return;
      result = await this.readSegment(name);
    });
    return result;
  }

  /** Deletes a replayed segment: call only after its events are committed. */
  async remove(segment: SpoolSegment): Promise<void> {
    await this.enqueue(async () => {
      await unlink(join(this.options.dir, segment.name));
      const i = this.sealed.indexOf(segment.name);
      if (i >= 0) this.sealed.splice(i, 1);
      this.eventCount -= segment.lines;
    });
  }

  /** Appends one record to the rejected file (events MariaDB refused, unreadable lines). */
  async reject(record: object): Promise<void> {
    await this.enqueue(async () => {
      await writeFile(join(this.options.dir, REJECTED_FILE), `${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`, { flag: 'a' });
    });
  }

  /** Makes everything durable and releases the lock; segments stay for the next run. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.durable();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.enqueue(() => this.sealActive());
    await unlink(join(this.options.dir, LOCK_FILE)).catch((err: unknown) => {
      this.options.logger.warn({ err, dir: this.options.dir }, 'statistics spool: could not remove the lock file');
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.flushPending());
    }, delayMs);
  }

  /** Runs file operations one at a time, in order; the chain itself never rejects. */
  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch((err: unknown) => {
      this.options.logger.error({ err: new StatisticsError('STATS_ERR_SPOOL_IO', 'spool operation failed', { cause: err }) }, 'statistics spool I/O failed');
    });
    return run;
  }

  private async flushPending(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    try {
      if (!this.active) {
        const name = segmentName(this.nextSeq++);
        const handle = await open(join(this.options.dir, name), 'wx');
        this.active = { name, handle, events: 0 };
        await syncDir(this.options.dir);
      }
      await this.active.handle.write(`${lines.join('\n')}\n`);
      await this.active.handle.datasync();
      this.active.events += lines.length;
      if (this.ioFailing) this.options.logger.info({ dir: this.options.dir }, 'statistics spool: disk writes work again');
      this.ioFailing = false;
      if (this.active.events >= this.segmentMaxEvents) await this.sealActive();
    } catch (err) {
      // Keep the lines (in order, ahead of newer ones) and retry. The half-written segment is
      // sealed so the retry starts a fresh file: a torn line can then only be a file's last.
      this.pending = lines.concat(this.pending);
      if (!this.ioFailing) {
        this.options.logger.error({ err: new StatisticsError('STATS_ERR_SPOOL_IO', 'spool write failed', { cause: err }), dir: this.options.dir, waiting: this.pending.length }, 'statistics spool write failed; retrying');
      }
      this.ioFailing = true;
      await this.sealActive().catch(() => undefined);
      this.flushSoon(RETRY_AFTER_IO_ERROR_MS);
    }
  }

  private async sealActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = null;
    this.sealed.push(active.name);
    await active.handle.close();
  }

  private async readSegment(name: string): Promise<SpoolSegment> {
    const text = await readFile(join(this.options.dir, name), 'utf8');
    const events: StatisticsEvent[] = [];
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lines++;
      try {
        events.push(JSON.parse(line) as StatisticsEvent);
      } catch (err) {
        // A torn last line after a crash mid-write; its events were rewritten in full later.
        this.options.logger.warn({ err: new StatisticsError('STATS_ERR_SPOOL_CORRUPT', name, { cause: err }), segment: name }, 'statistics spool: unreadable line set aside');
        await writeFile(join(this.options.dir, REJECTED_FILE), `${JSON.stringify({ at: new Date().toISOString(), code: 'STATS_ERR_SPOOL_CORRUPT', segment: name, line })}\n`, { flag: 'a' });
      }
    }
    return { name, events, lines };
  }
}

function countLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line !== '') n++;
  return n;
}

/** A new file's directory entry must be durable too, or a crash can lose the whole file. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One writer per directory: two would interleave segments and delete each other's files. */
async function takeLock(dir: string): Promise<void> {
  const file = join(dir, LOCK_FILE);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new StatisticsError('STATS_ERR_SPOOL_IO', `cannot create ${file}`, { cause: err });
  }
  const owner = Number((await readFile(file, 'utf8')).trim());
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
    throw new StatisticsError('STATS_ERR_SPOOL_LOCKED', `${dir} is used by pid ${owner}`);
  }
  // The owner died without closing: its segments are ours to replay.
  await writeFile(file, String(process.pid));
}
