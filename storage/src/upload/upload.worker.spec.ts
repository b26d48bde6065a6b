import { describe, expect, it } from 'vitest';
import { cappedBackoff } from './upload.worker.js';
import { uploadJobId, uploadQueueName } from './upload.queue.js';

describe('upload queue', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 10, 100].map((n) => cappedBackoff(n, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000]);
  });

  it('names one queue per spool node and one job per file version', () => {
    expect(uploadQueueName('ts1')).toBe('storage-upload-ts1');
    expect(() => uploadQueueName('a:b')).toThrow(/spool node/);
    expect(uploadJobId({ id: 5, version: 2 })).toBe('file-5-v2');
  });
});
