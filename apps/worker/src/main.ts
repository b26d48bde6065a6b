import { startHealthServer, startServerProcess } from '@ringwell/runtime';
import { createRedis } from '@ringwell/db';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { readStorageConfig } from './storage.config.js';
import type { StorageConfig } from './storage.config.js';
import { startStorageJobs } from './storage.jobs.js';
import { StatisticsWriter } from '@ringwell/db';
import { AcdHistoryForwarder } from './acd-history.forwarder.js';
import { startStatisticsJobs } from './statistics.jobs.js';

/** BullMQ prefix of system-wide queues; tenant queues use `rw:{tenant}:bull`. */
export const SYSTEM_QUEUE_PREFIX = 'rw:sys:bull';
export const SYSTEM_QUEUE = 'system';

/**
 * Worker: runs background jobs. The `system` queue's `ping` job proves that
 * jobs flow through Redis to a worker; the storage jobs (recording upload,
 * retention) start when RINGWELL_STORAGE_DRIVER is set (docs/storage.md).
 */
const proc = startServerProcess('worker');
let storage: StorageConfig;
try {
  storage = readStorageConfig();
} catch (err) {
  proc.logger.fatal({ err }, 'invalid storage configuration');
  process.exit(2);
}
startHealthServer(proc);
const worker = new Worker(
  SYSTEM_QUEUE,
  async (job: Job) => {
    if (job.name === 'ping') return { pong: true, by: proc.config.name, at: Date.now() };
    throw new Error(`unknown system job ${job.name}`);
  },
  { connection: createRedis(proc.config.dataTier), prefix: SYSTEM_QUEUE_PREFIX, concurrency: 4 },
);
worker.on('error', (err) => proc.logger.warn({ err }, 'job worker error'));
worker.on('failed', (job, err) => proc.logger.warn({ err, jobId: job?.id, job: job?.name }, 'job failed'));
proc.onShutdown(() => worker.close());
if (storage.driver === 'none') {
  proc.logger.info('storage jobs off: RINGWELL_STORAGE_DRIVER is not set');
} else {
  startStorageJobs(proc, storage).catch((err: unknown) => proc.logger.error({ err }, 'storage jobs failed to start'));
}
// 15-minute statistics intervals, rolled up when they close (docs/statistics.md).
startStatisticsJobs(proc, SYSTEM_QUEUE_PREFIX).catch((err: unknown) =>
  proc.logger.error({ err }, 'interval roll-up could not be scheduled; the next worker start schedules it'),
);
proc.logger.info('worker started');

// Agent state history: Redis streams (written by the ACD scripts) -> MariaDB (docs/statistics.md).
const statsSpoolDir = process.env['RINGWELL_STATS_SPOOL_DIR'];
if (statsSpoolDir) {
  const statsLog = proc.logger.child({ part: 'statistics' });
  StatisticsWriter.open({ sink: proc.db.master, spoolDir: statsSpoolDir, logger: statsLog }).then(
    (writer) => {
      // Non-blocking commands only, so it shares the process's Redis client.
      const forwarder = new AcdHistoryForwarder(proc.redis, writer, statsLog, proc.config.name);
      forwarder.start();
      proc.onShutdown(async () => {
        await forwarder.stop();
        await writer.close();
      });
      statsLog.info({ spoolDir: statsSpoolDir }, 'ACD history forwarding started');
    },
    (err: unknown) => statsLog.error({ err }, 'statistics writer could not open its spool; ACD history stays in Redis'),
  );
} else {
  proc.logger.info('ACD history forwarding off: RINGWELL_STATS_SPOOL_DIR is not set');
}
