import { assertQueueCallTotals, type QueueCallTotals } from './queue-call-totals.js';

// Each ratio is null when its denominator is 0: "no answered calls" is not an ASA of 0 s.

/** Average speed of answer: mean wait of the answered calls, in seconds. Abandons do not enter it. */
export function averageSpeedOfAnswer(totals: QueueCallTotals): number | null {
  assertQueueCallTotals(totals);
  return totals.answered === 0 ? null : totals.answerWaitSeconds / totals.answered;
}

/** Average handle time: (talk + hold + wrap-up) / answered calls, in seconds. */
export function averageHandleTime(totals: QueueCallTotals): number | null {
  assertQueueCallTotals(totals);
  return totals.answered === 0 ? null : (totals.talkSeconds + totals.holdSeconds + totals.wrapUpSeconds) / totals.answered;
}

/**
 * Abandoned / (answered + abandoned), 0..1. With `ignoreShortAbandons`, short abandons leave both
 * numerator and denominator, matching the `short-abandons-ignored` service level.
 */
export function abandonRate(totals: QueueCallTotals, options: { readonly ignoreShortAbandons: boolean } = { ignoreShortAbandons: false }): number | null {
  assertQueueCallTotals(totals);
  const abandoned = options.ignoreShortAbandons ? totals.abandoned - totals.shortAbandoned : totals.abandoned;
  const offered = totals.answered + abandoned;
  return offered === 0 ? null : abandoned / offered;
}
