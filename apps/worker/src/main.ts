import { startHealthServer, startServerProcess } from '@ringwell/runtime';
import { createRedis } from '@ringwell/db';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { readStorageConfig } from './storage.config.js';
import type { StorageConfig } from './storage.config.js';
import { startStorageJobs } from './storage.jobs.js';

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
proc.logger.info('worker started');
