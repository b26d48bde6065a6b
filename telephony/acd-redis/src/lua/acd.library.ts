import { createHash } from 'node:crypto';
import { ACD_LUA_LIB } from './acd.lib.js';
import { APPLY_LUA, CLAIM_LUA, ENQUEUE_LUA, ROUTE_PASS_LUA } from './acd.scripts.js';

const BODIES = { enqueue: ENQUEUE_LUA, apply: APPLY_LUA, route_pass: ROUTE_PASS_LUA, claim: CLAIM_LUA } as const;
export type AcdFunction = keyof typeof BODIES;

/**
 * The ACD scripts as one Redis Function library (Redis 7 FUNCTION LOAD). Loaded once per
 * Redis, it is replicated and persisted with the data, and a call (FCALL) does not pay for
 * re-running the shared Lua on every event as EVALSHA would (~20 us of each call here).
 * The library and function names carry a hash of the code, so servers running different
 * Ringwell versions during a rolling upgrade each call their own code.
 */
export function acdFunctionLibrary(): { readonly name: string; readonly code: string; readonly fn: (f: AcdFunction) => string } {
  const functions = Object.entries(BODIES)
    .map(([name, body]) => ({ name, body }));
  const digest = createHash('sha256')
    .update(ACD_LUA_LIB)
    .update(functions.map((f) => f.body).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const name = `rwacd_${digest}`;
  const fn = (f: AcdFunction): string => `${name}_${f}`;
  const code = [
    `#!lua name=${name}`,
    ACD_LUA_LIB,
    ...functions.map((f) => `redis.register_function('${fn(f.name as AcdFunction)}', function(keys, args)\n  begin(args)\n${f.body}\nend)`),
  ].join('\n');
  return { name, code, fn };
}
