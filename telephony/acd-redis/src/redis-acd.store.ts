import { DEFAULT_AGENT_STATE_MACHINE_OPTIONS, newAgentStatus, transition } from '@ringwell/acd';
import type {
  AcdGroupMembership,
  AcdGroupRouting,
  AcdStore,
  AgentEvent,
  AgentSkill,
  AgentStateMachineOptions,
  AgentStatus,
  AgentUpdate,
  OfferClaim,
  OfferRelease,
  RoutingAgent,
  RoutingSnapshot,
  WaitingCall,
} from '@ringwell/acd';
import type { Redis } from 'ioredis';
import { AcdKeys, AcdStoreError, assertId, isSettledConcurrently } from './acd-keys.js';
import { ACD_TENANTS_KEY } from './acd-tenants.registry.js';
import { decodeAgentStatus, encodeAgentStatus } from './agent-status.codec.js';
import { encodeHistoryEntry } from './history-entry.codec.js';
import { acdFunctionLibrary } from './lua/acd.library.js';
import type { AcdFunction } from './lua/acd.library.js';
import { callScore, MAX_PENALTY, MAX_PRIORITY, MIN_PRIORITY } from './scores.js';

/** An ACD group as the store needs it: routing plus the ring timeout of one offer. */
export interface AcdGroupConfig extends AcdGroupRouting {
  readonly ringTimeoutMs: number;
}

/** A call rung on one agent (several for ring-all). The telephony server owning the call rings them. */
export interface Offer {
  readonly callId: string;
  readonly agentIds: readonly string[];
}

export type EnqueueResult =
  | { readonly outcome: 'offered'; readonly offer: Offer }
  | { readonly outcome: 'waiting' }
  | { readonly outcome: 'exists'; readonly state: string };

/** What a write did: the agent's new status and the offers the re-routing made. */
export interface ApplyResult {
  readonly status: AgentStatus;
  readonly offers: readonly Offer[];
}

export interface LiveCall {
  readonly callId: string;
  readonly acdGroupId: string;
  readonly state: 'waiting' | 'offered';
  readonly owner: string;
  readonly agentIds: readonly string[];
  readonly enqueuedAt: number;
  readonly priority: number;
}

export interface RedisAcdStoreOptions {
  /** How many idle agents / waiting calls a script looks at per group (bounds script time). */
  readonly scanLimit?: number;
  /** Added to a group's ring timeout before the reaper treats an offer as lost. */
  readonly offerGraceMs?: number;
  readonly stateMachine?: AgentStateMachineOptions;
  /** Whether the telephony server owning a call still runs (heartbeat); its calls die with it. */
  readonly isServerAlive?: (server: string) => Promise<boolean>;
  /** Attempts at a compare-and-set write before giving up with RW_ERR_ACD_CONFLICT. */
  readonly maxAttempts?: number;
}

type ScriptReply = Array<string | number>;

const LIBRARY = acdFunctionLibrary();

/** Internal: one agent write for the APPLY script. */
interface ApplyUpdate {
  readonly update: AgentUpdate;
  readonly callOp: '' | 'accept' | 'decline' | 'withdraw';
  readonly callId: string;
}

/** A hash's fields as `count, name, value, ...` script arguments. */
function pushFields(args: string[], fields: Readonly<Record<string, string>>): void {
  const names = Object.keys(fields);
  args.push(String(names.length));
  for (const k of names) args.push(k, fields[k] ?? '');
}

const pairsList = (items: ReadonlyArray<readonly [string, number]>): string => items.map(([k, v]) => `${k}=${v}`).join(',');

function offersFrom(reply: ScriptReply, start: number): Offer[] {
  const offers: Offer[] = [];
  for (let i = start; i + 1 < reply.length; i += 2) {
    offers.push({ callId: String(reply[i]), agentIds: String(reply[i + 1]).split(',') });
  }
  return offers;
}

/**
 * The cluster-wide ACD store: every telephony server routes against the same Redis. Routing
 * decisions happen inside Lua scripts on each event (a call arrives, an agent becomes free),
 * so one round trip picks and reserves atomically. All other agent transitions are computed
 * by the pure domain (`transition`) and written compare-and-set; the scripts keep the indexes
 * (idle agents per group, waiting calls per group, seats, offers, wrap-ups) in step and append
 * each change to the tenant's history stream.
 */
export class RedisAcdStore implements AcdStore {
  private readonly redis: Redis;
  private loaded: Promise<void> | null = null;
  private readonly scan: number;
  private readonly grace: number;
  private readonly sm: AgentStateMachineOptions;
  private readonly maxAttempts: number;
  private readonly isServerAlive: (server: string) => Promise<boolean>;

  constructor(redis: Redis, options: RedisAcdStoreOptions = {}) {
    this.scan = options.scanLimit ?? 64;
    this.grace = options.offerGraceMs ?? 5000;
    this.sm = options.stateMachine ?? DEFAULT_AGENT_STATE_MACHINE_OPTIONS;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.isServerAlive = options.isServerAlive ?? (async (server) => (await redis.exists(`rw:sys:heartbeat:${server}`)) === 1);
    this.redis = redis;
  }

  /** Loads the function library once (it then lives in Redis, replicated and persisted). */
  private ensureLoaded(force = false): Promise<void> {
    if (this.loaded === null || force) {
      this.loaded = (this.redis.call('FUNCTION', 'LOAD', LIBRARY.code) as Promise<unknown>).then(
        () => undefined,
        (err: Error) => {
          if (/already exists/i.test(err.message)) return;
          this.loaded = null;
          throw err;
        },
      );
    }
    return this.loaded;
  }

  /** FCALL with a reload-and-retry if Redis lost the library (FUNCTION FLUSH, a fresh primary). */
  private async fcall(f: AcdFunction, args: readonly string[]): Promise<unknown> {
    await this.ensureLoaded();
    try {
      return await this.redis.call('FCALL', LIBRARY.fn(f), '0', ...args);
    } catch (err) {
      if (!/function not found/i.test((err as Error).message)) throw err;
      await this.ensureLoaded(true);
      return this.redis.call('FCALL', LIBRARY.fn(f), '0', ...args);
    }
  }

  private common(tenantId: string, now: number): string[] {
    assertId('tenantId', tenantId);
    // The scripts write `now` back as given (no formatting in Lua): it must be whole ms.
    if (!Number.isSafeInteger(now) || now < 0) throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `now must be a whole number of ms since the epoch, got ${now}`);
    return [tenantId, String(now), String(this.scan), String(this.grace)];
  }

  // ---- configuration (loaded from the DB by the config cache) ----

  async configureAcdGroup(tenantId: string, group: AcdGroupConfig): Promise<void> {
    assertId('acdGroupId', group.acdGroupId);
    if (!(group.ringTimeoutMs > 0)) throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `ringTimeoutMs of ${group.acdGroupId} must be > 0`);
    const k = new AcdKeys(tenantId);
    await this.redis
      .multi()
      .hset(k.groupConfig(group.acdGroupId), {
        strategy: group.strategy,
        relax: pairsList(group.skillRelaxation.map((s) => [String(s.afterSeconds), s.relaxBy] as const)),
        ringMs: String(group.ringTimeoutMs),
      })
      .sadd(`${k.prefix}groups`, group.acdGroupId)
      .sadd(ACD_TENANTS_KEY, tenantId)
      .incr(k.configEpoch)
      .exec();
  }

  /**
   * Sets an agent's ACD group memberships and skills. Only while logged out: changing the
   * groups of an agent who is in idle lists would leave stale entries behind.
   */
  async configureAgent(tenantId: string, agentId: string, memberships: readonly AcdGroupMembership[], skills: readonly AgentSkill[]): Promise<void> {
    assertId('agentId', agentId);
    for (const m of memberships) {
      assertId('acdGroupId', m.acdGroupId);
      if (!Number.isInteger(m.penalty) || m.penalty < 0 || m.penalty > MAX_PENALTY) {
        throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `penalty of ${agentId} in ${m.acdGroupId} must be an integer 0..${MAX_PENALTY}`);
      }
    }
    for (const s of skills) assertId('skill', s.skill);
    const current = await this.getAgent(tenantId, agentId);
    if (current !== null && current.state !== 'logged-out') {
      throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `agent ${agentId} must be logged out to change ACD groups or skills (is ${current.state})`);
    }
    const k = new AcdKeys(tenantId);
    const fields: Record<string, string> = {
      groups: pairsList(memberships.map((m) => [m.acdGroupId, m.penalty] as const)),
      skills: pairsList(skills.map((s) => [s.skill, s.level] as const)),
    };
    // The epoch in the same MULTI: no script can see the new config with the old epoch.
    await this.redis.multi().del(k.agentConfig(agentId)).hset(k.agentConfig(agentId), fields).incr(k.configEpoch).exec();
  }

  // ---- calls ----

  /** Adds a call owned by `owner` (a telephony server) and offers it at once if an agent may take it. */
  async enqueue(call: WaitingCall, owner: string, now: number = call.enqueuedAt): Promise<EnqueueResult> {
    assertId('callId', call.callId);
    assertId('acdGroupId', call.acdGroupId);
    assertId('owner', owner);
    if (!Number.isInteger(call.priority) || call.priority < MIN_PRIORITY || call.priority > MAX_PRIORITY) {
      throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `priority must be an integer ${MIN_PRIORITY}..${MAX_PRIORITY}, got ${call.priority}`);
    }
    for (const s of call.requiredSkills) assertId('skill', s.skill);
    const reply = (await this.fcall('enqueue', [
      ...this.common(call.tenantId, now),
      call.callId,
      call.acdGroupId,
      String(call.priority),
      String(call.enqueuedAt),
      pairsList(call.requiredSkills.map((s) => [s.skill, s.level] as const)),
      owner,
      String(callScore(call.priority, call.enqueuedAt)),
    ])) as ScriptReply;
    switch (reply[0]) {
      case 'offered':
        return { outcome: 'offered', offer: { callId: String(reply[1]), agentIds: String(reply[2]).split(',') } };
      case 'waiting':
        return { outcome: 'waiting' };
      case 'exists':
        return { outcome: 'exists', state: String(reply[1]) };
      default:
        throw new AcdStoreError('RW_ERR_ACD_BAD_CONFIG', `ACD group ${call.acdGroupId} of tenant ${call.tenantId} is not configured`);
    }
  }

  async getCall(tenantId: string, callId: string): Promise<LiveCall | null> {
    const h = await this.redis.hgetall(new AcdKeys(tenantId).call(callId));
    if (!h['group']) return null;
    return {
      callId,
      acdGroupId: h['group'],
      state: h['state'] === 'offered' ? 'offered' : 'waiting',
      owner: h['owner'] ?? '',
      agentIds: h['agents'] ? h['agents'].split(',') : [],
      enqueuedAt: Number(h['enq']),
      priority: Number(h['prio']),
    };
  }

  /**
   * The caller hung up (or the call left the ACD by overflow): removes it, and withdraws the
   * offer from every agent it rang. False when the call was no longer in the ACD (answered).
   */
  async callerHangup(tenantId: string, callId: string, now: number): Promise<{ removed: boolean; offers: readonly Offer[] }> {
    return this.withRetry(async () => {
      const call = await this.getCall(tenantId, callId);
      if (call === null) return { removed: false, offers: [] };
      const ups = await this.agentTransitions(tenantId, call.state === 'offered' ? call.agentIds : [], { type: 'offer-withdrawn', callId }, now, 'withdraw', callId);
      const reply = await this.apply(tenantId, now, -1, callId, ups);
      if (reply === null) return null;
      if (reply[0] === 'no-call') return { removed: false, offers: [] };
      return { removed: true, offers: offersFrom(reply, 1) };
    });
  }

  // ---- agents ----

  async getAgent(tenantId: string, agentId: string): Promise<AgentStatus | null> {
    const h = await this.redis.hgetall(new AcdKeys(tenantId).agent(agentId));
    return h['state'] ? decodeAgentStatus(tenantId, agentId, h) : null;
  }

  /** Logs an agent in, taking a seat from the tenant's pool atomically across all servers. */
  async login(tenantId: string, agentId: string, seatLimit: number, now: number): Promise<ApplyResult> {
    return this.agentEvent(tenantId, agentId, { type: 'login' }, now, seatLimit);
  }

  /**
   * Applies any agent event through the domain's state machine and writes the result
   * compare-and-set, retrying on a concurrent change. Offer answers and declines go through
   * {@link acceptOffer} / {@link declineOffer}, which also settle the call.
   */
  async agentEvent(tenantId: string, agentId: string, event: AgentEvent, now: number, seatLimit = -1): Promise<ApplyResult> {
    assertId('agentId', agentId);
    return this.withRetry(async () => {
      const current = (await this.getAgent(tenantId, agentId)) ?? newAgentStatus(tenantId, agentId, now);
      const { agent, change } = transition(current, event, now, this.sm);
      const reply = await this.apply(tenantId, now, seatLimit, '', [{ update: { expectedVersion: current.version, next: agent, change }, callOp: '', callId: '' }]);
      if (reply === null) return null;
      return { status: agent, offers: offersFrom(reply, 1) };
    });
  }

  /** The agent answered: the call leaves the ACD; ring-all offers to others are withdrawn. */
  async acceptOffer(tenantId: string, callId: string, agentId: string, now: number): Promise<ApplyResult> {
    return this.withRetry(async () => {
      const [call, current] = await Promise.all([this.getCall(tenantId, callId), this.getAgent(tenantId, agentId)]);
      if (call === null || current === null) throw new AcdStoreError('RW_ERR_ACD_NOT_FOUND', `call ${callId} is not offered to ${agentId}`);
      const { agent, change } = transition(current, { type: 'offer-accepted', callId }, now, this.sm);
      const others = call.agentIds.filter((a) => a !== agentId);
      const ups: ApplyUpdate[] = [
        { update: { expectedVersion: current.version, next: agent, change }, callOp: 'accept', callId },
        ...(await this.agentTransitions(tenantId, others, { type: 'offer-withdrawn', callId }, now, 'withdraw', callId)),
      ];
      const reply = await this.apply(tenantId, now, -1, '', ups);
      if (reply === null) return null;
      return { status: agent, offers: offersFrom(reply, 1) };
    });
  }

  /** The agent declined or let it ring out; when nobody rings any more the caller waits again, in place. */
  async declineOffer(tenantId: string, callId: string, agentId: string, kind: 'offer-rejected' | 'offer-no-answer', now: number): Promise<ApplyResult> {
    return this.withRetry(async () => {
      const current = await this.getAgent(tenantId, agentId);
      if (current === null) throw new AcdStoreError('RW_ERR_ACD_NOT_FOUND', `agent ${agentId} unknown`);
      const { agent, change } = transition(current, { type: kind, callId }, now, this.sm);
      const reply = await this.apply(tenantId, now, -1, '', [{ update: { expectedVersion: current.version, next: agent, change }, callOp: 'decline', callId }]);
      if (reply === null) return null;
      return { status: agent, offers: offersFrom(reply, 1) };
    });
  }

  // ---- housekeeping, run by every telephony server; safe concurrently (compare-and-set) ----

  /**
   * Settles offers past their deadline (ring timeout + grace): the owning server should have
   * resolved them. If that server is gone, the caller went with it: the call is removed and the
   * agents freed without a missed offer. Otherwise the offer counts as no-answer and the call
   * waits again. Returns the offers re-routing made.
   */
  async expireOffers(tenantId: string, now: number): Promise<Offer[]> {
    const k = new AcdKeys(tenantId);
    const due = await this.redis.zrangebyscore(k.offers, '-inf', now);
    const made: Offer[] = [];
    for (const callId of due) {
      const call = await this.getCall(tenantId, callId);
      if (call === null || call.state !== 'offered') {
        await this.redis.zrem(k.offers, callId);
        continue;
      }
      if (!(await this.isServerAlive(call.owner))) {
        made.push(...(await this.callerHangup(tenantId, callId, now)).offers);
        continue;
      }
      for (const agentId of call.agentIds) {
        try {
          made.push(...(await this.declineOffer(tenantId, callId, agentId, 'offer-no-answer', now)).offers);
        } catch (err) {
          // Resolved concurrently (answered, or another reaper won): nothing left to do for this agent.
          if (!isSettledConcurrently(err)) throw err;
        }
      }
    }
    return made;
  }

  /** Ends wrap-ups whose timer should have fired `graceMs` ago (its server may have died). */
  async expireWrapUps(tenantId: string, now: number, graceMs = 5000): Promise<Offer[]> {
    const due = await this.redis.zrangebyscore(`${new AcdKeys(tenantId).prefix}wrapups`, '-inf', now - graceMs);
    const made: Offer[] = [];
    for (const agentId of due) {
      const a = await this.getAgent(tenantId, agentId);
      if (a?.state !== 'wrap-up') continue;
      try {
        made.push(...(await this.agentEvent(tenantId, agentId, { type: 'wrap-up-ended', by: 'timer', callId: a.call.callId }, now)).offers);
      } catch (err) {
        if (!isSettledConcurrently(err)) throw err;
      }
    }
    return made;
  }

  /** Offers waiting calls whose skill requirements relaxed with time. */
  async routePass(tenantId: string, now: number, budget = 1000): Promise<Offer[]> {
    return offersFrom((await this.fcall('route_pass', [...this.common(tenantId, now), String(budget)])) as ScriptReply, 0);
  }

  // ---- the AcdStore port (snapshot routing through the pure router) ----

  async enqueueCall(call: WaitingCall): Promise<void> {
    await this.enqueue(call, 'port');
  }

  async removeCall(tenantId: string, callId: string): Promise<boolean> {
    return (await this.callerHangup(tenantId, callId, Date.now())).removed;
  }

  async setAgentState(update: AgentUpdate): Promise<boolean> {
    const reply = await this.apply(update.next.tenantId, update.next.since, -1, '', [{ update, callOp: '', callId: '' }]);
    return reply !== null;
  }

  async loadRoutingSnapshot(tenantId: string, now: number): Promise<RoutingSnapshot> {
    const k = new AcdKeys(tenantId);
    const [agentIds, groupIds] = await Promise.all([this.redis.smembers(k.agents), this.redis.smembers(`${k.prefix}groups`)]);
    const agents: RoutingAgent[] = [];
    for (const agentId of agentIds) {
      const [status, cfg] = await Promise.all([this.getAgent(tenantId, agentId), this.redis.hgetall(k.agentConfig(agentId))]);
      if (status === null) continue;
      agents.push({
        status,
        memberships: parsePairs(cfg['groups']).map(([acdGroupId, penalty]) => ({ acdGroupId, penalty })),
        skills: parsePairs(cfg['skills']).map(([skill, level]) => ({ skill, level: level as 1 | 2 | 3 | 4 | 5 })),
      });
    }
    const acdGroups: AcdGroupRouting[] = [];
    const calls: WaitingCall[] = [];
    for (const acdGroupId of groupIds) {
      const cfg = await this.redis.hgetall(k.groupConfig(acdGroupId));
      acdGroups.push({
        acdGroupId,
        strategy: (cfg['strategy'] ?? 'longest-idle') as AcdGroupRouting['strategy'],
        skillRelaxation: parsePairs(cfg['relax']).map(([after, relaxBy]) => ({ afterSeconds: Number(after), relaxBy })),
      });
      for (const callId of await this.redis.zrange(k.waitingCalls(acdGroupId), 0, -1)) {
        const h = await this.redis.hgetall(k.call(callId));
        calls.push({
          callId,
          tenantId,
          acdGroupId,
          priority: Number(h['prio']),
          enqueuedAt: Number(h['enq']),
          requiredSkills: parsePairs(h['skills']).map(([skill, level]) => ({ skill, level: level as 1 | 2 | 3 | 4 | 5 })),
        });
      }
    }
    return { tenantId, now, calls, agents, acdGroups };
  }

  async claimOffer(claim: OfferClaim): Promise<boolean> {
    const args: string[] = [...this.common(claim.tenantId, claim.updates[0]?.next.since ?? Date.now()), claim.callId, String(claim.updates.length)];
    for (const u of claim.updates) {
      args.push(u.next.agentId, String(u.expectedVersion), u.change ? encodeHistoryEntry(u.change) : '');
      pushFields(args, encodeAgentStatus(u.next));
    }
    return (await this.fcall('claim', args)) === 1;
  }

  async releaseOffer(release: OfferRelease): Promise<boolean> {
    const now = release.updates[0]?.next.since ?? Date.now();
    const reply = await this.apply(
      release.tenantId,
      now,
      -1,
      '',
      release.updates.map((update) => ({ update, callOp: 'decline' as const, callId: release.callId })),
    );
    return reply !== null;
  }

  // ---- internals ----

  private async agentTransitions(
    tenantId: string,
    agentIds: readonly string[],
    event: AgentEvent,
    now: number,
    callOp: ApplyUpdate['callOp'],
    callId: string,
  ): Promise<ApplyUpdate[]> {
    // One round trip for all (ring-all may ring many agents): reads are independent.
    const statuses = await Promise.all(agentIds.map((agentId) => this.getAgent(tenantId, agentId)));
    const ups: ApplyUpdate[] = [];
    for (const current of statuses) {
      if (current === null) continue;
      const { agent, change } = transition(current, event, now, this.sm);
      ups.push({ update: { expectedVersion: current.version, next: agent, change }, callOp, callId });
    }
    return ups;
  }

  /** Runs APPLY; null on a version conflict (the caller re-reads and retries). */
  private async apply(tenantId: string, now: number, seatLimit: number, removeCallId: string, ups: readonly ApplyUpdate[]): Promise<ScriptReply | null> {
    const args = [...this.common(tenantId, now), String(seatLimit), removeCallId, String(ups.length)];
    for (const u of ups) {
      args.push(u.update.next.agentId, String(u.update.expectedVersion), u.update.change ? encodeHistoryEntry(u.update.change) : '', u.callOp, u.callId);
      pushFields(args, encodeAgentStatus(u.update.next));
    }
    const reply = (await this.fcall('apply', args)) as ScriptReply;
    switch (reply[0]) {
      case 'ok':
      case 'no-call':
        return reply;
      case 'conflict':
      case 'call-mismatch':
        return null;
      case 'seats-full':
        throw new AcdStoreError('RW_ERR_ACD_SEATS_FULL', `all ${reply[1]} seats of tenant ${tenantId} are taken: log another agent out first`);
      default:
        throw new Error(`unexpected ACD script reply ${JSON.stringify(reply)}`);
    }
  }

  private async withRetry<T>(attempt: () => Promise<T | null>): Promise<T> {
    for (let i = 0; i < this.maxAttempts; i++) {
      const result = await attempt();
      if (result !== null) return result;
    }
    throw new AcdStoreError('RW_ERR_ACD_CONFLICT', `gave up after ${this.maxAttempts} concurrent changes`);
  }
}

function parsePairs(s: string | undefined): Array<[string, number]> {
  if (!s) return [];
  return s.split(',').map((item) => {
    const [k, v] = item.split('=');
    return [k ?? '', Number(v)];
  });
}
