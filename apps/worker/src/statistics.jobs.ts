import type { ServerProcess } from '@ringwell/runtime';
import { createRedis, IntervalRollupRepository } from '@ringwell/db';
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { INTERVAL_ROLLUP_JOB, IntervalRollupJob } from './interval-rollup.job.js';
import type { IntervalRollupJobData } from './interval-rollup.job.js';

/** The queue of statistics jobs (system-wide: the job itself walks the tenants). */
export const STATISTICS_QUEUE = 'statistics';

/**
 * One minute past each quarter hour (cron with seconds, UTC): the interval that just ended
 * has settled (ROLLUP_SETTLE_MS) and is rolled up with the one before it.
 */
export const INTERVAL_ROLLUP_PATTERN = '0 1,16,31,46 * * * *';

/**
 * Starts the `statistics` queue's worker and schedules the interval roll-up. Every worker
 * upserts the same job scheduler id, so the cluster runs one roll-up per quarter hour whichever
 * workers are up; a failed run is retried with back-off (a database outage only delays it).
 */
export async function startStatisticsJobs(proc: ServerProcess, systemPrefix: string): Promise<void> {
  const log = proc.logger.child({ part: 'statistics-jobs' });
  const job = new IntervalRollupJob(new IntervalRollupRepository(proc.db.master), log);
  const connection = createRedis(proc.config.dataTier);
  connection.on('error', (err: Error) => log.debug({ err }, 'statistics jobs redis client error'));
  const worker = new Worker<IntervalRollupJobData>(
    STATISTICS_QUEUE,
    async (j: Job<IntervalRollupJobData>) => {
      if (j.name !== INTERVAL_ROLLUP_JOB) throw new Error(`unknown statistics job ${j.name}`);
      return job.run(j.data);
    },
    // One at a time: roll-ups of the same interval would only repeat each other's work.
    { connection, prefix: systemPrefix, concurrency: 1 },
  );
  worker.on('error', (err) => log.warn({ err }, 'statistics job worker error'));
  worker.on('failed', (j, err) => log.warn({ err, job: j?.name, attempts: j?.attemptsMade }, 'statistics job failed'));
  const queue = new Queue<IntervalRollupJobData>(STATISTICS_QUEUE, { connection, prefix: systemPrefix });
  proc.onShutdown(async () => {
    await worker.close();
    await queue.close();
    connection.disconnect();
  });
  await queue.upsertJobScheduler(
    'interval-rollup-quarter-hour',
    { pattern: INTERVAL_ROLLUP_PATTERN, tz: 'UTC' },
    {
      name: INTERVAL_ROLLUP_JOB,
      data: {},
      opts: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: 100, removeOnFail: 500 },
    },
  );
  log.info({ pattern: INTERVAL_ROLLUP_PATTERN }, 'interval roll-up scheduled');
}
