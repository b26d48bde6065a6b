import { UnrecoverableError, Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import { StorageError } from '../errors/storage.errors.js';
import type { StorageLogger } from './storage.logger.js';
import { UploadRejectedError } from './upload.processor.js';
import type { UploadOutcome, UploadProcessor } from './upload.processor.js';
import { STORAGE_QUEUE_PREFIX, UPLOAD_BACKOFF_TYPE, UploadQueue, uploadQueueName } from './upload.queue.js';
import type { UploadJobData } from './upload.queue.js';
import type { StoredFileRepository } from './stored-file.repository.js';

export interface UploadWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly spoolNode: string;
  readonly processor: UploadProcessor;
  readonly files: StoredFileRepository;
  readonly logger: StorageLogger;
  readonly prefix?: string;
  readonly concurrency?: number;
  /** Retry delay: doubles from `backoffBaseMs` up to `backoffMaxMs` (defaults 1 s and 60 s). */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** How often the spool rows are re-enqueued (default 60 s); 0 turns the periodic sweep off. */
  readonly sweepIntervalMs?: number;
}

/** Capped exponential back-off: fast first retries, then a steady poll of a share that stays down. */
export function cappedBackoff(attemptsMade: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attemptsMade - 1)));
}

/**
 * The consumer of one spool node's upload queue, plus the sweep that
 * re-enqueues every row still `local` on that node. The database row, not the
 * Redis job, is the record that a file waits: if Redis lost the job (failover
 * before the AOF sync) or the producer could not enqueue, the sweep finds it.
 */
export class UploadWorker {
  readonly worker: Worker<UploadJobData, UploadOutcome>;
  private readonly queue: UploadQueue;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: UploadWorkerOptions) {
    const base = o.backoffBaseMs ?? 1000;
    const max = o.backoffMaxMs ?? 60_000;
    this.queue = new UploadQueue(o.connection, o.spoolNode, o.prefix ?? STORAGE_QUEUE_PREFIX);
    this.worker = new Worker<UploadJobData, UploadOutcome>(uploadQueueName(o.spoolNode), (job) => this.run(job), {
      connection: o.connection,
      prefix: o.prefix ?? STORAGE_QUEUE_PREFIX,
      concurrency: o.concurrency ?? 2,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === UPLOAD_BACKOFF_TYPE ? cappedBackoff(attemptsMade, base, max) : base,
      },
    });
    // Redis outages surface here; BullMQ reconnects by itself. Never let them crash the process.
    this.worker.on('error', (err) => o.logger.warn({ err }, 'upload worker error'));
    this.worker.on('failed', (job, err) =>
      o.logger.warn({ err, fileId: job?.data.fileId, attempt: job?.attemptsMade }, 'upload attempt failed'),
    );
    this.worker.on('completed', (job, outcome) => o.logger.info({ fileId: job.data.fileId, outcome }, 'upload finished'));
    const every = o.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(), every);
      this.sweepTimer.unref();
    }
  }

  private async run(job: Job<UploadJobData, UploadOutcome>): Promise<UploadOutcome> {
    const { fileId } = job.data;
    try {
      return await this.o.processor.process(fileId);
    } catch (err) {
      // Best effort: the database may be unreachable too; the job's own record still has the error.
      await this.o.files.recordFailedAttempt(fileId, (err as Error).message).catch(() => undefined);
      const permanent = err instanceof UploadRejectedError || (err instanceof StorageError && !err.retryable);
      if (permanent) throw new UnrecoverableError(`${(err as Error).name}: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Re-enqueues every file still waiting in this node's spool; returns how many were checked. */
  async sweep(): Promise<number> {
    try {
      const pending = await this.o.files.pendingOnNode(this.o.spoolNode);
      for (const f of pending) await this.queue.enqueue(f);
      return pending.length;
    } catch (err) {
      this.o.logger.warn({ err }, 'upload sweep failed; next sweep retries');
      return 0;
    }
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.worker.close();
    await this.queue.close();
  }
}
