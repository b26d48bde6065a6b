import { randomBytes } from 'node:crypto';

/**
 * Makes event ids that are unique without coordination and roughly time-ordered:
 * `<ms since epoch, base36, 9 chars><process nonce, 10 chars><counter, base36, 7 chars>`.
 * Uniqueness rests on the random nonce plus a counter that never goes back (not on the clock);
 * the time prefix only keeps the UNIQUE index growing at its end, which keeps inserts fast.
 */
export function createEventIdGenerator(now: () => number = Date.now): () => string {
  const nonce = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(-10);
  let counter = 0;
  return () => {
    counter = (counter + 1) % 36 ** 7;
    return `${now().toString(36).padStart(9, '0')}${nonce}${counter.toString(36).padStart(7, '0')}`;
  };
}
