import type { Redis } from 'ioredis';
import type { Pool } from 'mysql2/promise';
import type { Logger } from 'pino';

export type Reachability = 'up' | 'down';

export interface DataTierHealth {
  readonly redis: Reachability;
  readonly db: Reachability;
  readonly checkedAt: string | null;
}

/**
 * Watches Redis and db-master once a second and records whether each answers.
 * A process keeps running while either is down (it degrades, it does not
 * crash) and logs each change once, not every second.
 */
export class DataTierMonitor {
  private state: DataTierHealth = { redis: 'down', db: 'down', checkedAt: null };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly db: Pool,
    private readonly logger: Logger,
    private readonly heartbeatKey: string,
    private readonly heartbeatBody: () => string,
    private readonly intervalMs = 1000,
  ) {}

  get health(): DataTierHealth {
    return this.state;
  }

  start(): void {
    const tick = (): void => {
      void this.check().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async check(): Promise<void> {
    const withTimeout = <T>(p: Promise<T>): Promise<T> =>
      Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out after 900 ms')), 900))]);
    const [redis, db] = await Promise.allSettled([
      // The heartbeat doubles as the Redis check: other servers see this process alive.
      withTimeout(this.redis.set(this.heartbeatKey, this.heartbeatBody(), 'PX', 3 * this.intervalMs)),
      withTimeout(this.db.query('SELECT 1')),
    ]);
    const next: DataTierHealth = {
      redis: redis.status === 'fulfilled' ? 'up' : 'down',
      db: db.status === 'fulfilled' ? 'up' : 'down',
      checkedAt: new Date().toISOString(),
    };
    if (next.redis !== this.state.redis) {
      const err = redis.status === 'rejected' ? (redis.reason as Error) : undefined;
      this.logger[next.redis === 'up' ? 'info' : 'warn']({ err }, `redis is ${next.redis}`);
    }
    if (next.db !== this.state.db) {
      const err = db.status === 'rejected' ? (db.reason as Error) : undefined;
      this.logger[next.db === 'up' ? 'info' : 'warn']({ err }, `db-master is ${next.db}`);
    }
    this.state = next;
  }
}
