import { createHash } from 'node:crypto';
import { ACD_TENANTS_KEY, AcdKeys, decodeHistoryEntry } from '@ringwell/acd-redis';
import type { AgentStateChangeRecord, StatisticsWriter } from '@ringwell/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const GROUP = 'statistics';
/** Entries a crashed consumer read but never acknowledged are taken over after this long. */
const CLAIM_IDLE_MS = 30_000;

type StreamEntry = [id: string, fields: string[]];

/** A flat `[name, value, ...]` reply (a stream entry, XINFO) as a record of strings. */
function fieldsOf(flat: readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}

/** The smallest stream id after `id` ("ms-seq"). */
export function nextStreamId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq ?? '0') + 1n}`;
}

/** Deterministic event id of a stream entry (readable when it fits the writer's 64 characters). */
export function historyEventId(tenantId: string, entryId: string): string {
  const plain = `acd:${tenantId}:${entryId}`;
  return plain.length <= 64 ? plain : `acd:${createHash('sha256').update(plain).digest('base64url').slice(0, 43)}`;
}

/** One history-stream entry (written by the ACD scripts, either format) as the writer's record. */
export function toAgentStateChange(tenantId: string, flat: readonly string[]): AgentStateChangeRecord {
  return decodeHistoryEntry(tenantId, fieldsOf(flat));
}

/**
 * Moves every agent state change from the tenants' ACD history streams into MariaDB through
 * the durable statistics writer. At-least-once from Redis (consumer group, acknowledged only
 * after the writer has committed or spooled the batch), exactly-once in MariaDB (the event id
 * is the stream entry id, so a replay inserts nothing new). Several workers may run it: the
 * consumer group shares the entries, and a dead worker's unacknowledged entries are claimed.
 */
export class AcdHistoryForwarder {
  private running = false;
  private loop: Promise<void> | null = null;
  private forwarded = 0;
  private readonly refusedByTenant = new Map<string, number>();
  /** Streams whose consumer group this process has made sure of: XGROUP CREATE once, not every pass. */
  private readonly grouped = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly writer: StatisticsWriter,
    private readonly logger: Logger,
    private readonly consumer: string,
    private readonly intervalMs = 200,
  ) {}

  get forwardedCount(): number {
    return this.forwarded;
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const moved = await this.pass();
          if (moved === 0) await new Promise((r) => setTimeout(r, this.intervalMs));
        } catch (err) {
          this.logger.warn({ err }, 'ACD history forwarding failed; retrying');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /**
   * One pass over every tenant; returns how many entries it forwarded. Reads up to `count`
   * entries per tenant and commits them to MariaDB as one batch, but talks to Redis in chunks
   * of `chunk`: Redis runs one command at a time, and a 1,000-entry XREADGROUP or XACK holds
   * every routing decision of every tenant behind it for a millisecond or more.
   */
  async pass(count = 1000, chunk = 100): Promise<number> {
    let moved = 0;
    for (const tenantId of await this.redis.smembers(ACD_TENANTS_KEY)) {
      const stream = new AcdKeys(tenantId).history;
      let entries: StreamEntry[];
      try {
        entries = await this.read(stream, count, chunk);
      } catch (err) {
        // The stream (and its group) went away, e.g. a tenant's ACD keys were dropped: the
        // group is made again on the next pass.
        if (!/NOGROUP/.test((err as Error).message)) throw err;
        this.grouped.delete(stream);
        continue;
      }
      if (entries.length === 0) continue;
      for (const [id, flat] of entries) {
        try {
          this.writer.recordAgentStateChange(toAgentStateChange(tenantId, flat), historyEventId(tenantId, id));
        } catch (err) {
          // An entry the writer refuses (e.g. a non-numeric id) must neither block the stream
          // nor vanish: it is kept, with the reason, in the tenant's dead-letter stream.
          const refused = (this.refusedByTenant.get(tenantId) ?? 0) + 1;
          this.refusedByTenant.set(tenantId, refused);
          if (refused === 1 || refused % 1000 === 0) {
            this.logger.error({ err, tenantId, entryId: id, refused }, 'ACD history entry refused by the statistics writer; dead-lettered');
          }
          await this.redis.xadd(`${stream}:rejected`, 'MAXLEN', '~', '100000', '*', 'entryId', id, 'error', (err as Error).message, ...flat);
        }
      }
      await this.writer.flush();
      for (let i = 0; i < entries.length; i += chunk) {
        await this.redis.xack(stream, GROUP, ...entries.slice(i, i + chunk).map(([id]) => id));
      }
      await this.trimForwarded(stream);
      moved += entries.length;
    }
    this.forwarded += moved;
    return moved;
  }

  /** Up to `count` entries: first those a dead consumer left unacknowledged, then new ones. */
  private async read(stream: string, count: number, chunk: number): Promise<StreamEntry[]> {
    if (!this.grouped.has(stream)) {
      await this.ensureGroup(stream);
      this.grouped.add(stream);
    }
    const entries: StreamEntry[] = [];
    const valid = (e: StreamEntry | null | undefined): e is StreamEntry => Array.isArray(e?.[1]);
    let cursor = '0';
    do {
      const claimed = (await this.redis.call('XAUTOCLAIM', stream, GROUP, this.consumer, String(CLAIM_IDLE_MS), cursor, 'COUNT', String(chunk))) as [string, StreamEntry[]];
      entries.push(...(claimed[1] ?? []).filter(valid));
      cursor = claimed[0];
    } while (cursor !== '0-0' && entries.length < count);
    while (entries.length < count) {
      const fresh = (await this.redis.xreadgroup('GROUP', GROUP, this.consumer, 'COUNT', Math.min(chunk, count - entries.length), 'STREAMS', stream, '>')) as Array<[string, StreamEntry[]]> | null;
      const got = fresh?.[0]?.[1] ?? [];
      entries.push(...got.filter(valid));
      if (got.length < chunk) break;
    }
    return entries;
  }

  /**
   * Drops the entries that are in MariaDB: everything before the oldest entry still pending
   * (read by some worker, not yet acknowledged) or, with none pending, everything the group
   * has been given. Without this a tenant's stream kept up to its MAXLEN (1,000,000 entries,
   * ~150 MB of Redis) of history already forwarded. Nothing read but unacknowledged is ever
   * trimmed, so a crashed worker's entries can still be claimed.
   */
  private async trimForwarded(stream: string): Promise<void> {
    const [pending, groups] = await Promise.all([
      this.redis.xpending(stream, GROUP) as Promise<[number, string | null, ...unknown[]]>,
      this.redis.xinfo('GROUPS', stream) as Promise<unknown[][]>,
    ]);
    let keepFrom: string | null = pending[0] > 0 ? pending[1] : null;
    if (keepFrom === null) {
      const info = groups.map(fieldsOf).find((g) => g['name'] === GROUP);
      const last = info?.['last-delivered-id'];
      if (last === undefined || last === '0-0') return;
      keepFrom = nextStreamId(last);
    }
    await this.redis.xtrim(stream, 'MINID', keepFrom);
  }

  private async ensureGroup(stream: string): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
  }
}
