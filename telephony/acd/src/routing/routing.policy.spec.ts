import { describe, expect, it } from 'vitest';
import { longestIdlePolicy, ringAllPolicy, ROUTING_POLICIES, roundRobinPolicy, skillsBasedPolicy, type RoutingCandidate } from './routing.policy.js';
import { ROUTING_STRATEGIES } from './routing-snapshot.js';

function candidate(agentId: string, idleSince: number, lastOfferAt: number | null = null, skillScore = 0): RoutingCandidate {
  return { agentId, idleSince, lastOfferAt, penalty: 0, skillScore };
}

const ids = (chosen: readonly RoutingCandidate[]) => chosen.map((c) => c.agentId);

describe('routing policies', () => {
  it('every strategy has a policy, and none picks from nobody', () => {
    for (const strategy of ROUTING_STRATEGIES) expect(ROUTING_POLICIES[strategy]([])).toEqual([]);
  });

  describe('longest-idle', () => {
    it('picks the agent free for the longest time, wherever it is in the list', () => {
      expect(ids(longestIdlePolicy([candidate('a', 300), candidate('b', 100), candidate('c', 200)]))).toEqual(['b']);
      expect(ids(longestIdlePolicy([candidate('b', 100), candidate('a', 300)]))).toEqual(['b']);
    });
    it('breaks ties by agent id', () => {
      expect(ids(longestIdlePolicy([candidate('z', 100), candidate('m', 100)]))).toEqual(['m']);
    });
  });

  describe('round-robin', () => {
    it('picks the agent offered a call least recently', () => {
      expect(ids(roundRobinPolicy([candidate('a', 100, 5000), candidate('b', 900, 2000), candidate('c', 50, 9000)]))).toEqual(['b']);
    });
    it('puts never-offered agents first', () => {
      expect(ids(roundRobinPolicy([candidate('a', 100, 1), candidate('b', 900, null)]))).toEqual(['b']);
    });
    it('falls back to longest idle on equal offer times', () => {
      expect(ids(roundRobinPolicy([candidate('a', 500, 10), candidate('b', 400, 10)]))).toEqual(['b']);
      expect(ids(roundRobinPolicy([candidate('a', 500, null), candidate('b', 400, null)]))).toEqual(['b']);
    });
    it('cycles through agents when each offer is recorded', () => {
      let pool = [candidate('a', 0, null), candidate('b', 0, null), candidate('c', 0, null)];
      const order: string[] = [];
      for (let t = 1; t <= 6; t += 1) {
        const [chosen] = roundRobinPolicy(pool);
        if (chosen === undefined) throw new Error('nobody chosen');
        order.push(chosen.agentId);
        pool = pool.map((c) => (c.agentId === chosen.agentId ? { ...c, lastOfferAt: t } : c));
      }
      expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    });
  });

  describe('ring-all', () => {
    it('returns every candidate', () => {
      expect(ids(ringAllPolicy([candidate('c', 1), candidate('a', 2), candidate('b', 3)]))).toEqual(['a', 'b', 'c']);
    });
  });

  describe('skills-based', () => {
    it('picks the best skilled agent even if another is idle longer', () => {
      expect(ids(skillsBasedPolicy([candidate('a', 100, null, 4), candidate('b', 900, null, 7)]))).toEqual(['b']);
    });
    it('falls back to longest idle among equally skilled agents', () => {
      expect(ids(skillsBasedPolicy([candidate('a', 300, null, 5), candidate('b', 200, null, 5), candidate('c', 100, null, 3)]))).toEqual(['b']);
    });
  });
});
