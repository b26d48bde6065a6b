import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { StoredFile } from './stored-file.repository.js';

/** BullMQ prefix of system-wide queues (same as the worker's `system` queue). */
export const STORAGE_QUEUE_PREFIX = 'rw:sys:bull';

export interface UploadJobData {
  readonly fileId: number;
}

const NODE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Uploads run on the host whose spool holds the file, so each spool node has
 * its own queue: `storage-upload-<node>`.
 */
export function uploadQueueName(spoolNode: string): string {
  if (!NODE.test(spoolNode)) throw new Error(`spool node name must match ${NODE.source}, got ${JSON.stringify(spoolNode)}`);
  return `storage-upload-${spoolNode}`;
}

/** One job per file version: enqueueing twice is harmless, a re-written file gets a new job. */
export function uploadJobId(file: Pick<StoredFile, 'id' | 'version'>): string {
  return `file-${file.id}-v${file.version}`;
}

/** Attempts are effectively unlimited: while the share is down an upload must wait, never give up. */
export const UPLOAD_ATTEMPTS = 1_000_000;
export const UPLOAD_BACKOFF_TYPE = 'storage-capped';

/** Producer side of the upload queue. */
export class UploadQueue {
  readonly queue: Queue<UploadJobData>;

  constructor(connection: ConnectionOptions, spoolNode: string, prefix = STORAGE_QUEUE_PREFIX) {
    this.queue = new Queue<UploadJobData>(uploadQueueName(spoolNode), { connection, prefix });
  }

  /**
   * Adds the upload job unless it exists. A job that failed for good (e.g. its
   * verification failed) is retried, so re-enqueueing from the sweep resumes it.
   */
  async enqueue(file: Pick<StoredFile, 'id' | 'version'>): Promise<void> {
    const jobId = uploadJobId(file);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      if (await existing.isFailed()) await existing.retry('failed');
      return;
    }
    await this.queue.add(
      'upload',
      { fileId: file.id },
      {
        jobId,
        attempts: UPLOAD_ATTEMPTS,
        backoff: { type: UPLOAD_BACKOFF_TYPE },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 10_000 },
      },
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
