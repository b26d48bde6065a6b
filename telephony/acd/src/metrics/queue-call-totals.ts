import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { assertInteger, assertNonNegative } from '../shared/assert-number.js';

/**
 * How one caller left an ACD group, as the statistics writer records it. Calls that left by
 * other means (overflow, timeout to voicemail) are not offered to agents and are counted apart.
 */
export type QueueCallRecord =
  | {
      readonly outcome: 'answered';
      /** From entering the ACD to the agent answering. */
      readonly waitSeconds: number;
      readonly talkSeconds: number;
      readonly holdSeconds: number;
      readonly wrapUpSeconds: number;
    }
  | { readonly outcome: 'abandoned'; readonly waitSeconds: number };

/** The two thresholds of a service-level objective, e.g. 80 % answered within 20 s, abandons under 5 s are short. */
export interface ServiceLevelThresholds {
  /** Answered with a wait of at most this counts as within service level. */
  readonly thresholdSeconds: number;
  /** Abandoned with a wait of at most this is a short abandon (misdial, caller changed their mind). */
  readonly shortAbandonSeconds: number;
}

/**
 * Additive counters for an interval: the worker sums them across intervals and agents' groups
 * (`addQueueCallTotals`), then derives every ratio from the sums, never by averaging ratios.
 */
export interface QueueCallTotals {
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  /** Sum of the waits of answered calls. */
  readonly answerWaitSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapUpSeconds: number;
}

export const EMPTY_QUEUE_CALL_TOTALS: QueueCallTotals = {
  answered: 0,
  answeredWithinThreshold: 0,
  abandoned: 0,
  shortAbandoned: 0,
  answerWaitSeconds: 0,
  talkSeconds: 0,
  holdSeconds: 0,
  wrapUpSeconds: 0,
};

/** Folds call records into totals for the given thresholds. */
export function totalQueueCalls(records: readonly QueueCallRecord[], thresholds: ServiceLevelThresholds): QueueCallTotals {
  assertNonNegative('thresholdSeconds', thresholds.thresholdSeconds);
  assertNonNegative('shortAbandonSeconds', thresholds.shortAbandonSeconds);
  let totals = { ...EMPTY_QUEUE_CALL_TOTALS };
  for (const record of records) {
    assertNonNegative('waitSeconds', record.waitSeconds);
    if (record.outcome === 'answered') {
      assertNonNegative('talkSeconds', record.talkSeconds);
      assertNonNegative('holdSeconds', record.holdSeconds);
      assertNonNegative('wrapUpSeconds', record.wrapUpSeconds);
      totals = {
        ...totals,
        answered: totals.answered + 1,
        answeredWithinThreshold: totals.answeredWithinThreshold + (record.waitSeconds <= thresholds.thresholdSeconds ? 1 : 0),
        answerWaitSeconds: totals.answerWaitSeconds + record.waitSeconds,
        talkSeconds: totals.talkSeconds + record.talkSeconds,
        holdSeconds: totals.holdSeconds + record.holdSeconds,
        wrapUpSeconds: totals.wrapUpSeconds + record.wrapUpSeconds,
      };
    } else {
      totals = {
        ...totals,
        abandoned: totals.abandoned + 1,
        shortAbandoned: totals.shortAbandoned + (record.waitSeconds <= thresholds.shortAbandonSeconds ? 1 : 0),
      };
    }
  }
  return totals;
}

/** Sum of two intervals' totals (same thresholds assumed). */
export function addQueueCallTotals(a: QueueCallTotals, b: QueueCallTotals): QueueCallTotals {
  return {
    answered: a.answered + b.answered,
    answeredWithinThreshold: a.answeredWithinThreshold + b.answeredWithinThreshold,
    abandoned: a.abandoned + b.abandoned,
    shortAbandoned: a.shortAbandoned + b.shortAbandoned,
    answerWaitSeconds: a.answerWaitSeconds + b.answerWaitSeconds,
    talkSeconds: a.talkSeconds + b.talkSeconds,
    holdSeconds: a.holdSeconds + b.holdSeconds,
    wrapUpSeconds: a.wrapUpSeconds + b.wrapUpSeconds,
  };
}

/** Refuses totals that cannot come from real calls, e.g. read back from a corrupted roll-up. */
export function assertQueueCallTotals(totals: QueueCallTotals): void {
  assertInteger('answered', totals.answered, 0);
  assertInteger('answeredWithinThreshold', totals.answeredWithinThreshold, 0);
  assertInteger('abandoned', totals.abandoned, 0);
  assertInteger('shortAbandoned', totals.shortAbandoned, 0);
  assertNonNegative('answerWaitSeconds', totals.answerWaitSeconds);
  assertNonNegative('talkSeconds', totals.talkSeconds);
  assertNonNegative('holdSeconds', totals.holdSeconds);
  assertNonNegative('wrapUpSeconds', totals.wrapUpSeconds);
  if (totals.answeredWithinThreshold > totals.answered) throw new InvalidArgumentError('answeredWithinThreshold', 'exceeds answered');
  if (totals.shortAbandoned > totals.abandoned) throw new InvalidArgumentError('shortAbandoned', 'exceeds abandoned');
}
