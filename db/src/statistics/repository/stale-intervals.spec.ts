import { describe, expect, it } from 'vitest';
import type { StatisticsEvent } from '../statistics-event.js';
import { staleIntervals, statisticsInserts } from './statistics-event.repository.js';

const Q = 15 * 60_000;
const T10 = Date.UTC(2030, 0, 2, 10, 0, 0);
// 10:20: the run at 10:31 rolls 10:15 and, once more, 10:00; nothing visits 09:45 again.
const NOW = T10 + Q + 5 * 60_000;

function segment(tenantId: string, startedAt: number): StatisticsEvent {
  return {
    eventId: `s${startedAt}`, kind: 'call-segment',
    segment: { tenantId, callId: 'c', seq: 0, kind: 'queue', startedAt, endedAt: startedAt + 1000, acdGroupId: '5', agentId: null, outcome: 'answered', serviceLevelMs: 20_000, shortAbandonMs: 5_000, transferTarget: null },
  } as StatisticsEvent;
}
function change(tenantId: string, fromSince: number, at: number): StatisticsEvent {
  return {
    eventId: `a${at}`, kind: 'agent-state-change',
    change: { tenantId, agentId: '3', from: 'available', fromSince, to: 'offered', at, event: 'offer', reason: 'offer', pauseReason: null, callId: null, acdGroupId: null },
  } as StatisticsEvent;
}

describe('intervals a late batch makes stale', () => {
  it('marks nothing for events of the current or the previous interval (the schedule visits those)', () => {
    expect(staleIntervals([segment('7', T10 + 60_000), segment('7', T10 + Q + 1), change('7', T10 + 5 * 60_000, T10 + Q + 60_000)], NOW)).toEqual([]);
    expect(staleIntervals([segment('7', T10 - 60_000)], NOW)).toEqual([['7', '2030-01-02 09:45:00.000']]);
    expect(statisticsInserts([segment('7', T10 + 60_000)], NOW).map((i) => i.sql).join()).not.toContain('stat_interval_dirty');
  });

  it('marks the start interval of an older segment, once per tenant and interval, sorted', () => {
    const out = staleIntervals([segment('9', T10 - 3 * Q + 5), segment('7', T10 - 3 * Q), segment('7', T10 - 3 * Q + 9)], NOW);
    expect(out).toEqual([['7', '2030-01-02 09:15:00.000'], ['9', '2030-01-02 09:15:00.000']]);
  });

  it('marks every older interval a state change spans, at most a day of them', () => {
    expect(staleIntervals([change('7', T10 - 4 * Q + 1, T10 - 2 * Q + 1)], NOW).map(([, s]) => s)).toEqual([
      '2030-01-02 09:00:00.000', '2030-01-02 09:15:00.000', '2030-01-02 09:30:00.000',
    ]);
    // Spanning into the previous interval: only the older part is marked.
    expect(staleIntervals([change('7', T10 - 2 * Q, T10 + 60_000)], NOW).map(([, s]) => s)).toEqual(['2030-01-02 09:30:00.000', '2030-01-02 09:45:00.000']);
    expect(staleIntervals([change('7', T10 - 1000 * Q, T10 - 2 * Q)], NOW)).toHaveLength(96);
  });

  it('adds the marks to the batch, as a fourth insert of the same transaction', () => {
    const inserts = statisticsInserts([segment('7', T10 - 3 * Q), change('7', T10 - 3 * Q, T10 - 3 * Q + 1)], NOW);
    expect(inserts.map((i) => i.sql.split(' ')[2])).toEqual(['stat_call_segment', 'stat_agent_state_change', 'stat_interval_dirty']);
    expect(inserts[2]?.rows).toEqual([['7', '2030-01-02 09:15:00.000']]);
  });
});
