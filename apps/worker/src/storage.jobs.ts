import {
  LocalDirStorageDriver,
  RetentionRuleRepository,
  RetentionRunner,
  STORAGE_QUEUE_PREFIX,
  SmbStorageDriver,
  StoredFileRepository,
  UploadProcessor,
  UploadWorker,
  formatRetentionReport,
} from '@ringwell/storage';
import type { StorageDriver } from '@ringwell/storage';
import type { ServerProcess } from '@ringwell/runtime';
import { createRedis } from '@ringwell/db';
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { StorageConfig } from './storage.config.js';

/** The queue of storage maintenance jobs (retention); uploads have their own queue per spool node. */
export const STORAGE_QUEUE = 'storage';

export interface RetentionJobData {
  readonly dryRun?: boolean;
  readonly tenantId?: number;
}

/**
 * Starts the upload worker for this host's spool and the `storage` queue
 * (retention, scheduled by a BullMQ job scheduler). A share outage only
 * fails jobs, which BullMQ retries with back-off: it never stops the process.
 */
export async function startStorageJobs(proc: ServerProcess, cfg: Exclude<StorageConfig, { driver: 'none' }>): Promise<void> {
  const log = proc.logger.child({ part: 'storage' });
  const share: StorageDriver =
    cfg.driver === 'smb' ? new SmbStorageDriver(cfg.smb) : new LocalDirStorageDriver(cfg.dir, { requireMountPoint: cfg.requireMountPoint });
  const spool = new LocalDirStorageDriver(cfg.spoolDir);
  const files = new StoredFileRepository(proc.db.master);
  const connection = createRedis(proc.config.dataTier);
  connection.on('error', (err: Error) => log.debug({ err }, 'storage redis client error'));

  const uploads = new UploadWorker({ connection, spoolNode: cfg.spoolNode, processor: new UploadProcessor(spool, share, files), files, logger: log });
  const runner = new RetentionRunner(share, new RetentionRuleRepository(proc.db.master), files);
  const maintenance = new Worker<RetentionJobData>(
    STORAGE_QUEUE,
    async (job: Job<RetentionJobData>) => {
      if (job.name !== 'retention') throw new Error(`unknown storage job ${job.name}`);
      const report = await runner.run({ dryRun: job.data.dryRun ?? false, ...(job.data.tenantId ? { tenantId: job.data.tenantId } : {}) });
      log.info({ report: formatRetentionReport(report) }, 'retention finished');
      return { files: report.rules.reduce((n, r) => n + r.expired.length, 0), deleted: report.rules.reduce((n, r) => n + r.deleted, 0) };
    },
    { connection, prefix: STORAGE_QUEUE_PREFIX, concurrency: 1 },
  );
  maintenance.on('error', (err) => log.warn({ err }, 'storage job worker error'));
  maintenance.on('failed', (job, err) => log.warn({ err, job: job?.name }, 'storage job failed'));

  const queue = new Queue<RetentionJobData>(STORAGE_QUEUE, { connection, prefix: STORAGE_QUEUE_PREFIX });
  // One schedule cluster-wide, whichever worker upserts it last; retries cover a share that is down at that moment.
  await queue
    .upsertJobScheduler('retention-daily', { every: cfg.retentionEveryMs }, { name: 'retention', data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } })
    .catch((err: unknown) => log.warn({ err }, 'could not schedule retention; will retry at next start'));
  // Files spooled while this worker was down (or whose job Redis lost) are queued again.
  void uploads.sweep().then((n) => log.info({ pending: n, spoolNode: cfg.spoolNode }, 'upload sweep at start'));

  proc.onShutdown(async () => {
    await uploads.close();
    await maintenance.close();
    await queue.close();
    await share.close();
    connection.disconnect();
  });
  log.info({ driver: cfg.driver, spoolDir: cfg.spoolDir, spoolNode: cfg.spoolNode }, 'storage jobs started');
}
