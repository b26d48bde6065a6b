import type { Pool } from 'mysql2/promise';
import { StatisticsError } from '../errors/statistics.error.js';
import type { StatisticsErrorCode } from '../errors/statistics-error.codes.js';
import { WriterClosedError } from '../errors/writer-closed.error.js';
import { classifyDbError, describeDbError } from '../repository/db-error.classifier.js';
import { StatisticsEventRepository } from '../repository/statistics-event.repository.js';
import { FileSpool } from '../spool/file.spool.js';
import { createEventIdGenerator } from '../statistics-event-id.js';
import type { AgentStateChangeRecord, CallRecord, CallSegment, StatisticsEvent } from '../statistics-event.js';
import { validateStatisticsEvent } from '../statistics-event.validator.js';
import type { StatisticsLogger } from '../statistics.logger.js';
import type { StatisticsWriterMetrics } from './statistics-writer.metrics.js';

/** Where batches go; the MariaDB repository in production, a fake in unit specs. */
export interface StatisticsSink {
  insertBatch(events: readonly StatisticsEvent[]): Promise<void>;
}

export interface StatisticsWriterOptions {
  /** db-master pool (HAProxy), or any sink for tests. */
  readonly sink: Pool | StatisticsSink;
  /** This process's own spool directory, e.g. `<state>/spool/statistics/<process name>`. */
  readonly spoolDir: string;
  readonly logger: StatisticsLogger;
  /** Events per transaction. 500 keeps a statement well under max_allowed_packet. */
  readonly batchSize?: number;
  /** A partial batch waits at most this long. */
  readonly maxDelayMs?: number;
  /** Batches in flight at once; more than 1 overlaps round trips with MariaDB's group commit. */
  readonly concurrency?: number;
  /** Memory bound: beyond this many queued events, new events go to the spool. */
  readonly maxQueued?: number;
  /** First and longest wait between replay attempts while db-master is down. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly segmentMaxEvents?: number;
  readonly spoolSyncDelayMs?: number;
  readonly newEventId?: () => string;
}

const isPool = (s: Pool | StatisticsSink): s is Pool => typeof (s as Pool).getConnection === 'function';

/**
 * Durable statistics writer. Callers `record*` synchronously and are never blocked or failed
 * by the database: events are batched to db-master (by size and time); when a batch fails to
 * commit, it and everything after it go to a local fsync'd spool until db-master answers
 * again, then the spool is replayed in order and each segment deleted after its commit.
 * Event ids make every replay idempotent. See docs/statistics.md.
 */
export class StatisticsWriter {
  private queue: StatisticsEvent[] = [];
  private oldestQueuedAt = 0;
  private inFlight = 0;
  private written = 0;
  private rejected = 0;
  private batches = 0;
  private dbAvailable = true;
  private lastErrorCode: StatisticsErrorCode | null = null;
  private retryAt = 0;
  private retryDelayMs: number;
  private draining = false;
  private closing = false;
  private closed = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];
  private readonly sink: StatisticsSink;
  private readonly batchSize: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly newEventId: () => string;

  private constructor(
    private readonly options: StatisticsWriterOptions,
    private readonly spool: FileSpool,
  ) {
    this.sink = isPool(options.sink) ? new StatisticsEventRepository(options.sink) : options.sink;
    this.batchSize = options.batchSize ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 50;
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 20_000;
    this.retryMinMs = options.retryMinMs ?? 200;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
    this.retryDelayMs = this.retryMinMs;
    this.newEventId = options.newEventId ?? createEventIdGenerator();
  }

  /** Opens the spool (replaying what a previous run left) and starts writing. */
  static async open(options: StatisticsWriterOptions): Promise<StatisticsWriter> {
    const spool = await FileSpool.open({
      dir: options.spoolDir,
      logger: options.logger,
      ...(options.segmentMaxEvents === undefined ? {} : { segmentMaxEvents: options.segmentMaxEvents }),
      ...(options.spoolSyncDelayMs === undefined ? {} : { syncDelayMs: options.spoolSyncDelayMs }),
    });
    const writer = new StatisticsWriter(options, spool);
    writer.pump();
    return writer;
  }

  /** Records a finished call (CDR); returns its event id. */
  recordCall(call: CallRecord, eventId: string = this.newEventId()): string {
    this.record({ eventId, kind: 'call', call });
    return eventId;
  }

  recordCallSegment(segment: CallSegment, eventId: string = this.newEventId()): string {
    this.record({ eventId, kind: 'call-segment', segment });
    return eventId;
  }

  /** Takes the ACD domain's `AgentStateChange` as it is. */
  recordAgentStateChange(change: AgentStateChangeRecord, eventId: string = this.newEventId()): string {
    this.record({ eventId, kind: 'agent-state-change', change });
    return eventId;
  }

  /**
   * Accepts one event. Throws only for misuse ({@link InvalidStatisticsEventError},
   * {@link WriterClosedError}); an outage never reaches the caller.
   */
  record(event: StatisticsEvent): void {
    if (this.closing) throw new WriterClosedError();
    validateStatisticsEvent(event);
    // Straight to the spool while db-master is down or the spool is not yet replayed: that
    // keeps the order, and nothing waits in memory for a database that is not there.
    if (!this.dbAvailable || this.spool.size > 0 || this.queue.length >= this.maxQueued) {
      this.spool.append([event]);
      this.pump();
      return;
    }
    if (this.queue.length === 0) this.oldestQueuedAt = Date.now();
    this.queue.push(event);
    if (this.queue.length >= this.batchSize) this.pump();
    else this.wakeIn(this.maxDelayMs);
  }

  metrics(): StatisticsWriterMetrics {
    return {
      queued: this.queue.length + this.inFlight,
      spooled: this.spool.size,
      spoolSegments: this.spool.segments,
      written: this.written,
      rejected: this.rejected,
      batches: this.batches,
      dbAvailable: this.dbAvailable,
      lastErrorCode: this.lastErrorCode,
    };
  }

  /**
   * Resolves when every event accepted so far is committed to MariaDB or, while db-master is
   * down, durable in the spool.
   */
  async flush(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
    await this.spool.durable();
  }

  /**
   * Stops accepting events, writes what is queued (or spools it) and closes the spool. A
   * spool not yet replayed stays on disk for the next `open` of the same directory.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    // Closing makes every queued batch due and stops replays; pump() spools what cannot be written.
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.closed = true;
    await this.spool.close();
  }

  private wakeIn(ms: number): void {
    if (this.wakeTimer || this.closed) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.pump();
    }, Math.max(0, ms));
  }

  /**
   * Starts whatever work is due: queued batches (up to `concurrency` in flight), else one
   * spool replay at a time once the retry delay has passed. Called on every state change.
   */
  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    while (this.queue.length > 0 && this.inFlight < this.concurrency * this.batchSize && this.dbAvailable) {
      const due = this.queue.length >= this.batchSize || now - this.oldestQueuedAt >= this.maxDelayMs || this.idleWaiters.length > 0 || this.closing;
      if (!due) {
        this.wakeIn(this.oldestQueuedAt + this.maxDelayMs - now);
        break;
      }
      const batch = this.queue.splice(0, this.batchSize);
      this.oldestQueuedAt = now;
      this.inFlight += batch.length;
      void this.writeQueued(batch).finally(() => {
        this.inFlight -= batch.length;
        this.pump();
      });
    }
    if (this.queue.length > 0 && !this.dbAvailable) this.spool.append(this.queue.splice(0));
    if (this.spool.size > 0 && this.inFlight === 0 && this.queue.length === 0 && !this.draining && !this.closing) {
      if (now >= this.retryAt) void this.replaySpool();
      else this.wakeIn(this.retryAt - now);
    }
    if (this.inFlight === 0 && this.queue.length === 0 && !this.draining && (this.spool.size === 0 || !this.dbAvailable || this.closing)) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** A live batch: on an outage it goes to the spool, and so does everything after it. */
  private async writeQueued(batch: StatisticsEvent[]): Promise<void> {
    if (!(await this.writeBatch(batch))) {
      this.spool.append(batch);
      if (this.queue.length > 0) this.spool.append(this.queue.splice(0));
    }
  }

  /** Replays the oldest spool segment; deletes it only once all of its events are committed. */
  private async replaySpool(): Promise<void> {
    this.draining = true;
    try {
      const segment = await this.spool.oldest();
      if (!segment) return;
      for (let i = 0; i < segment.events.length; i += this.batchSize) {
        if (!(await this.writeBatch(segment.events.slice(i, i + this.batchSize)))) return;
      }
      await this.spool.remove(segment);
      if (this.spool.size === 0) this.options.logger.info({}, 'statistics spool replayed; writing directly again');
    } catch (err) {
      this.noteError('STATS_ERR_SPOOL_IO', err, 'statistics spool replay failed; retrying');
      this.backOff();
    } finally {
      this.draining = false;
      this.pump();
    }
  }

  /**
   * Commits one batch. True when its events are in MariaDB or set aside as rejected; false
   * when db-master is unavailable (the caller keeps them). A batch MariaDB refuses for its
   * values is halved until the refused event is alone, so one bad event cannot block the rest.
   */
  private async writeBatch(batch: readonly StatisticsEvent[]): Promise<boolean> {
    try {
      await this.sink.insertBatch(batch);
      this.written += batch.length;
      this.batches++;
      if (!this.dbAvailable) this.options.logger.info({ spooled: this.spool.size }, 'statistics: db-master answers again; replaying the spool');
      this.dbAvailable = true;
      this.retryDelayMs = this.retryMinMs;
      return true;
    } catch (err) {
      if (classifyDbError(err) === 'unavailable') {
        if (this.dbAvailable) this.noteError('STATS_ERR_DB_UNAVAILABLE', err, 'statistics: db-master unavailable; spooling events');
        this.dbAvailable = false;
        this.backOff();
        return false;
      }
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        return (await this.writeBatch(batch.slice(0, half))) && (await this.writeBatch(batch.slice(half)));
      }
      const event = batch[0];
      this.rejected++;
      this.noteError('STATS_ERR_EVENT_REJECTED', err, 'statistics: MariaDB refused an event; set aside', { eventId: event?.eventId });
      await this.spool.reject({ code: 'STATS_ERR_EVENT_REJECTED', error: describeDbError(err), event });
      return true;
    }
  }

  private backOff(): void {
    this.retryAt = Date.now() + this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.retryMaxMs);
  }

  private noteError(code: StatisticsErrorCode, cause: unknown, msg: string, extra: object = {}): void {
    this.lastErrorCode = code;
    const err = new StatisticsError(code, describeDbError(cause).message, { cause });
    this.options.logger.error({ err, ...extra, queued: this.queue.length, spooled: this.spool.size }, msg);
  }
}
