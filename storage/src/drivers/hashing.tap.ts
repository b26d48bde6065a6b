import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { PutResult } from './storage.driver.js';

/**
 * A pass-through that counts and hashes what flows to the backend, so `put`
 * reports the size and SHA-256 of exactly the bytes it sent, in one pass.
 */
export function hashingTap(): { stream: Transform; result(): PutResult } {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  return {
    stream,
    result: () => {
      digest ??= hash.digest('hex');
      return { size, sha256: digest };
    },
  };
}
