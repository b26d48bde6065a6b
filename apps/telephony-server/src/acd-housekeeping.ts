import { ACD_TENANTS_KEY, isSettledConcurrently } from '@ringwell/acd-redis';
import type { Offer } from '@ringwell/acd-redis';
import type { Logger } from 'pino';

/** The parts of the Redis ACD store housekeeping drives (RedisAcdStore has them all). */
export interface HousekeepingStore {
  expireOffers(tenantId: string, now: number): Promise<Offer[]>;
  expireWrapUps(tenantId: string, now: number, graceMs?: number): Promise<Offer[]>;
  routePass(tenantId: string, now: number, budget?: number): Promise<Offer[]>;
}

/** How housekeeping finds the tenants with ACD state (SMEMBERS of the tenant registry). */
export interface TenantSource {
  smembers(key: string): Promise<string[]>;
}

export interface HousekeepingOptions {
  /** How often a pass runs. Skill relaxation and lost offers are noticed this late at most. */
  readonly intervalMs: number;
  /** A wrap-up timer overdue by this much is ended here: the server that set it has died. */
  readonly wrapUpGraceMs: number;
  /** Most waiting calls one route pass looks at per tenant (bounds the script's time). */
  readonly routeBudget: number;
}

export const DEFAULT_HOUSEKEEPING: HousekeepingOptions = { intervalMs: 1000, wrapUpGraceMs: 5000, routeBudget: 1000 };

export interface PassResult {
  readonly tenants: number;
  readonly offers: readonly Offer[];
  readonly failedTenants: number;
}

/**
 * The ACD's periodic work, run by every telephony server against the shared store: offers past
 * their deadline are settled (the caller is gone with a dead server, or the agent did not
 * answer), overdue wrap-ups end, and waiting calls whose skill requirements relaxed with time
 * are offered. Every step is compare-and-set in the store, so all servers may run it at once;
 * whichever comes first does the work. Events (calls arriving, agents freed) are routed when
 * they happen; this loop only catches what no event announces.
 */
export class AcdHousekeeping {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly store: HousekeepingStore,
    private readonly tenants: TenantSource,
    private readonly logger: Logger,
    private readonly options: HousekeepingOptions = DEFAULT_HOUSEKEEPING,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A slow pass (Redis failing over) is not overlapped by the next one.
      if (this.running) return;
      this.running = this.pass().then(
        () => undefined,
        () => undefined,
      ).finally(() => {
        this.running = null;
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over every tenant. Never throws: an outage is logged once, when it starts and ends. */
  async pass(now: number = Date.now()): Promise<PassResult> {
    let tenantIds: string[];
    try {
      tenantIds = await this.tenants.smembers(ACD_TENANTS_KEY);
    } catch (err) {
      this.reportOutage(err);
      return { tenants: 0, offers: [], failedTenants: 0 };
    }
    const offers: Offer[] = [];
    let failedTenants = 0;
    for (const tenantId of tenantIds) {
      try {
        offers.push(...(await this.store.expireOffers(tenantId, now)));
        offers.push(...(await this.store.expireWrapUps(tenantId, now, this.options.wrapUpGraceMs)));
        offers.push(...(await this.store.routePass(tenantId, now, this.options.routeBudget)));
      } catch (err) {
        // Another server settled the same thing first: expected, the work is done.
        if (isSettledConcurrently(err)) continue;
        failedTenants++;
        this.reportOutage(err, tenantId);
      }
    }
    if (failedTenants === 0 && this.failing) {
      this.failing = false;
      this.logger.info('ACD housekeeping works again');
    }
    if (offers.length > 0) this.logger.info({ offers: offers.length }, 'ACD housekeeping made offers');
    return { tenants: tenantIds.length, offers, failedTenants };
  }

  private reportOutage(err: unknown, tenantId?: string): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ err, tenantId }, 'ACD housekeeping failed; retrying every pass');
  }
}
