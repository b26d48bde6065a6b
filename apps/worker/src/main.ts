import { startHealthServer, startServerProcess } from '@ringwell/runtime';
import { createRedis } from '@ringwell/db';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';

/** BullMQ prefix of system-wide queues; tenant queues use `rw:{tenant}:bull`. */
export const SYSTEM_QUEUE_PREFIX = 'rw:sys:bull';
export const SYSTEM_QUEUE = 'system';

/**
 * Worker: runs background jobs (recording uploads, statistics roll-ups,
 * reports in later issues). Today it serves the `system` queue, whose `ping`
 * job proves that jobs flow through Redis to a worker.
 */
const proc = startServerProcess('worker');
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
proc.logger.info('worker started');
