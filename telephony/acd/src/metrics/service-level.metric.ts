import { assertQueueCallTotals, type QueueCallTotals } from './queue-call-totals.js';

/**
 * How abandoned calls enter the service level. Tenants report it differently, so all three are
 * offered and the report names the one it shows:
 * - `abandons-count-against`: answered in time / (answered + abandoned)
 * - `abandons-ignored`: answered in time / answered
 * - `short-abandons-ignored`: answered in time / (answered + abandoned - short abandons)
 */
export type ServiceLevelVariant = 'abandons-count-against' | 'abandons-ignored' | 'short-abandons-ignored';

export const SERVICE_LEVEL_VARIANTS: readonly ServiceLevelVariant[] = ['abandons-count-against', 'abandons-ignored', 'short-abandons-ignored'];

/**
 * Share of calls answered within the threshold, 0..1. Null when no call counts, so "no calls"
 * is not shown as 0 % or 100 %.
 */
export function serviceLevel(totals: QueueCallTotals, variant: ServiceLevelVariant): number | null {
  assertQueueCallTotals(totals);
  let denominator: number;
  switch (variant) {
    case 'abandons-count-against':
      denominator = totals.answered + totals.abandoned;
      break;
    case 'abandons-ignored':
      denominator = totals.answered;
      break;
    case 'short-abandons-ignored':
      denominator = totals.answered + totals.abandoned - totals.shortAbandoned;
      break;
  }
  return denominator === 0 ? null : totals.answeredWithinThreshold / denominator;
}
