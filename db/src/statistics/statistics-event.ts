/**
 * What the statistics writer persists. Ids are strings as in the ACD domain
 * (`@ringwell/acd`); tenant, agent and ACD group ids are the decimal ids of their
 * MariaDB rows. Times are milliseconds since the epoch, as the domain's clock gives them.
 */

export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** How a call ended, as a whole (a queue segment says how it left one ACD group). */
export type CallOutcome = 'answered' | 'abandoned' | 'ivr-completed' | 'overflowed' | 'voicemail' | 'failed';

/** One row per call (CDR). The totals repeat the segments' sums so a CDR report needs no join. */
export interface CallRecord {
  readonly tenantId: string;
  readonly callId: string;
  readonly direction: CallDirection;
  readonly caller: string | null;
  readonly callee: string | null;
  /** The last ACD group the call was queued in. */
  readonly acdGroupId: string | null;
  /** The agent who answered. */
  readonly agentId: string | null;
  readonly outcome: CallOutcome;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly waitMs: number;
  readonly talkMs: number;
  readonly holdMs: number;
  readonly wrapUpMs: number;
}

export type CallSegmentKind = 'ivr' | 'queue' | 'offered' | 'talking' | 'hold' | 'wrap-up' | 'transfer';

/** How a segment ended; which values a kind allows is in {@link SEGMENT_OUTCOMES}. */
export type CallSegmentOutcome =
  | 'completed'
  | 'answered'
  | 'abandoned'
  | 'overflowed'
  | 'timed-out'
  | 'accepted'
  | 'rejected'
  | 'no-answer'
  | 'withdrawn'
  | 'failed';

export const SEGMENT_OUTCOMES: Readonly<Record<CallSegmentKind, readonly CallSegmentOutcome[]>> = {
  ivr: ['completed', 'abandoned'],
  queue: ['answered', 'abandoned', 'overflowed', 'timed-out'],
  offered: ['accepted', 'rejected', 'no-answer', 'withdrawn'],
  talking: [],
  hold: [],
  'wrap-up': [],
  transfer: ['completed', 'failed'],
};

/** One phase of a call: its time in the IVR, in a queue, ringing an agent, talking, and so on. */
export interface CallSegment {
  readonly tenantId: string;
  readonly callId: string;
  /** Order within the call, from 0. */
  readonly seq: number;
  readonly kind: CallSegmentKind;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly acdGroupId: string | null;
  readonly agentId: string | null;
  readonly outcome: CallSegmentOutcome | null;
  /** Queue segments: the group's service-level threshold when the call was queued. */
  readonly serviceLevelMs: number | null;
  /** Queue segments: abandons with a wait up to this are short abandons. */
  readonly shortAbandonMs: number | null;
  /** Transfer segments: where the call went. */
  readonly transferTarget: string | null;
}

/**
 * The ACD domain's `AgentStateChange`, field for field, restated here because `db` does not
 * depend on `@ringwell/acd`; test/integration/stats-writer.test.ts checks at compile time that
 * the domain's type is assignable to this one. Literals are plain strings so a new domain
 * state does not need a schema change.
 */
export interface AgentStateChangeRecord {
  readonly tenantId: string;
  readonly agentId: string;
  readonly from: string;
  readonly fromSince: number;
  readonly to: string;
  readonly at: number;
  readonly event: string;
  readonly reason: string;
  readonly pauseReason: string | null;
  readonly callId: string | null;
  readonly acdGroupId: string | null;
}

/**
 * The unit the writer queues, spools and inserts. `eventId` is the idempotency key: a replay
 * of the same event (spool replay after a crash or an ambiguous commit) writes nothing new.
 */
export type StatisticsEvent =
  | { readonly eventId: string; readonly kind: 'call'; readonly call: CallRecord }
  | { readonly eventId: string; readonly kind: 'call-segment'; readonly segment: CallSegment }
  | { readonly eventId: string; readonly kind: 'agent-state-change'; readonly change: AgentStateChangeRecord };
