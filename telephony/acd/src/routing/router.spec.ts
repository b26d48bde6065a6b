import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../agent/agent-state.js';
import type { RequiredSkill, SkillLevel, WaitingCall } from '../call/waiting-call.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { offerClaims } from './offer-claim.js';
import { routeCalls } from './router.js';
import type { AcdGroupRouting, RoutingAgent, RoutingSnapshot, RoutingStrategy } from './routing-snapshot.js';

const NOW = 1_700_000_100_000;

function available(agentId: string, idleSince: number, lastOfferAt: number | null = null): AgentStatus {
  return { tenantId: 't1', agentId, state: 'available', since: idleSince, version: 3, lastOfferAt, consecutiveMissedOffers: 0, idleSince };
}

function agent(
  agentId: string,
  idleSince: number,
  groups: Record<string, number>,
  skills: Record<string, SkillLevel> = {},
  status: AgentStatus = available(agentId, idleSince),
): RoutingAgent {
  return {
    status,
    memberships: Object.entries(groups).map(([acdGroupId, penalty]) => ({ acdGroupId, penalty })),
    skills: Object.entries(skills).map(([skill, level]) => ({ skill, level })),
  };
}

function call(callId: string, acdGroupId: string, waitedSeconds: number, priority = 0, requiredSkills: RequiredSkill[] = []): WaitingCall {
  return { callId, tenantId: 't1', acdGroupId, priority, enqueuedAt: NOW - waitedSeconds * 1000, requiredSkills };
}

function group(acdGroupId: string, strategy: RoutingStrategy = 'longest-idle', skillRelaxation: AcdGroupRouting['skillRelaxation'] = []): AcdGroupRouting {
  return { acdGroupId, strategy, skillRelaxation };
}

function snapshot(calls: WaitingCall[], agents: RoutingAgent[], acdGroups: AcdGroupRouting[], now = NOW): RoutingSnapshot {
  return { tenantId: 't1', now, calls, agents, acdGroups };
}

const pairs = (s: RoutingSnapshot) => routeCalls(s).offers.map((o) => `${o.call.callId}->${o.agentIds.join('+')}`);

describe('router', () => {
  describe('fairness across ACD groups', () => {
    const groups = [group('a'), group('b')];

    it('gives an agent of both groups the caller who waited longest, whatever the group', () => {
      const agents = [agent('x', NOW - 10_000, { a: 0, b: 0 })];
      expect(pairs(snapshot([call('a1', 'a', 30), call('b1', 'b', 90)], agents, groups))).toEqual(['b1->x']);
      expect(pairs(snapshot([call('a1', 'a', 90), call('b1', 'b', 30)], agents, groups))).toEqual(['a1->x']);
    });

    it('lets priority beat wait time across groups', () => {
      const agents = [agent('x', NOW - 10_000, { a: 0, b: 0 })];
      expect(pairs(snapshot([call('a1', 'a', 300), call('b1', 'b', 5, 2)], agents, groups))).toEqual(['b1->x']);
    });

    it('serves a later call with another agent when the first in line has nobody eligible', () => {
      const agents = [agent('x', NOW - 10_000, { b: 0 })];
      expect(pairs(snapshot([call('a1', 'a', 300), call('b1', 'b', 5)], agents, groups))).toEqual(['b1->x']);
    });

    it('gives each agent at most one call, in line order', () => {
      const agents = [agent('x', NOW - 50_000, { a: 0, b: 0 }), agent('y', NOW - 20_000, { a: 0, b: 0 })];
      const calls = [call('a1', 'a', 10), call('b1', 'b', 40), call('a2', 'a', 20)];
      expect(pairs(snapshot(calls, agents, groups))).toEqual(['b1->x', 'a2->y']);
    });

    it('ignores agents that are not available', () => {
      const offered: AgentStatus = {
        ...available('x', NOW - 50_000),
        state: 'offered',
        call: { callId: 'z', acdGroupId: 'a' },
        pendingPause: null,
        idleSince: NOW - 50_000,
      };
      const agents = [agent('x', 0, { a: 0 }, {}, offered), agent('y', NOW - 1000, { a: 0 })];
      expect(pairs(snapshot([call('a1', 'a', 10)], agents, groups))).toEqual(['a1->y']);
    });
  });

  describe('penalty', () => {
    it('prefers a lower penalty agent over a higher penalty one idle for longer', () => {
      const agents = [agent('senior', NOW - 90_000, { a: 2 }), agent('junior', NOW - 1000, { a: 0 })];
      expect(pairs(snapshot([call('c1', 'a', 10)], agents, [group('a')]))).toEqual(['c1->junior']);
    });

    it('falls back to higher penalty agents when no lower penalty agent is free', () => {
      const agents = [agent('senior', NOW - 90_000, { a: 2 }), agent('junior', NOW - 1000, { a: 0 })];
      const calls = [call('c1', 'a', 20), call('c2', 'a', 10)];
      expect(pairs(snapshot(calls, agents, [group('a')]))).toEqual(['c1->junior', 'c2->senior']);
    });

    it('applies the penalty of the call’s ACD group', () => {
      const agents = [agent('x', NOW - 90_000, { a: 5, b: 0 }), agent('y', NOW - 1000, { a: 0, b: 5 })];
      expect(pairs(snapshot([call('b1', 'b', 10)], agents, [group('a'), group('b')]))).toEqual(['b1->x']);
      expect(pairs(snapshot([call('a1', 'a', 10)], agents, [group('a'), group('b')]))).toEqual(['a1->y']);
    });

    it('rings only the lowest penalty tier in ring-all', () => {
      const agents = [agent('p0a', NOW, { a: 0 }), agent('p0b', NOW, { a: 0 }), agent('p1', NOW, { a: 1 })];
      expect(pairs(snapshot([call('c1', 'a', 10)], agents, [group('a', 'ring-all')]))).toEqual(['c1->p0a+p0b']);
    });
  });

  describe('strategies through the router', () => {
    it('round robin uses the last offer time', () => {
      const agents = [
        agent('x', NOW - 90_000, { a: 0 }, {}, available('x', NOW - 90_000, NOW - 5_000)),
        agent('y', NOW - 1000, { a: 0 }, {}, available('y', NOW - 1000, NOW - 60_000)),
      ];
      expect(pairs(snapshot([call('c1', 'a', 10)], agents, [group('a', 'round-robin')]))).toEqual(['c1->y']);
      expect(pairs(snapshot([call('c1', 'a', 10)], agents, [group('a', 'longest-idle')]))).toEqual(['c1->x']);
    });

    it('ring-all takes every eligible agent, so the next call waits', () => {
      const agents = [agent('x', NOW, { a: 0, b: 0 }), agent('y', NOW, { a: 0, b: 0 })];
      const s = snapshot([call('a1', 'a', 20), call('b1', 'b', 10)], agents, [group('a', 'ring-all'), group('b')]);
      expect(pairs(s)).toEqual(['a1->x+y']);
    });

    it('skills-based relaxes the required level as the caller waits', () => {
      const groups = [group('es', 'skills-based', [{ afterSeconds: 30, relaxBy: 1 }, { afterSeconds: 90, relaxBy: 4 }])];
      const agents = [agent('fluent', NOW, { es: 0 }, { spanish: 4 }), agent('basic', NOW - 99_000, { es: 0 }, { spanish: 1 })];
      const needs = [{ skill: 'spanish', level: 5 as const }];
      const at = (waited: number) => pairs(snapshot([call('c1', 'es', waited, 0, needs)], agents, groups));
      expect(at(10)).toEqual([]);
      expect(at(30)).toEqual(['c1->fluent']);
      expect(at(89)).toEqual(['c1->fluent']);
      const basicOnly = [agents[1] as RoutingAgent];
      expect(pairs(snapshot([call('c1', 'es', 89, 0, needs)], basicOnly, groups))).toEqual([]);
      expect(pairs(snapshot([call('c1', 'es', 90, 0, needs)], basicOnly, groups))).toEqual(['c1->basic']);
    });

    it('skills-based prefers the best match among eligible agents', () => {
      const agents = [agent('good', NOW - 90_000, { s: 0 }, { billing: 3 }), agent('best', NOW, { s: 0 }, { billing: 5 })];
      const s = snapshot([call('c1', 's', 10, 0, [{ skill: 'billing', level: 2 }])], agents, [group('s', 'skills-based')]);
      expect(pairs(s)).toEqual(['c1->best']);
    });

    it('filters on required skills in every strategy', () => {
      const agents = [agent('x', NOW - 90_000, { a: 0 }), agent('y', NOW, { a: 0 }, { french: 2 })];
      const s = snapshot([call('c1', 'a', 10, 0, [{ skill: 'french', level: 1 }])], agents, [group('a', 'longest-idle')]);
      expect(pairs(s)).toEqual(['c1->y']);
    });
  });

  it('reports calls of an unknown ACD group and keeps routing the others', () => {
    const plan = routeCalls(snapshot([call('lost', 'gone', 99), call('c1', 'a', 10)], [agent('x', NOW, { a: 0, gone: 0 })], [group('a')]));
    expect(plan.skipped).toEqual([{ callId: 'lost', acdGroupId: 'gone', reason: 'unknown-acd-group' }]);
    expect(plan.offers.map((o) => o.call.callId)).toEqual(['c1']);
  });

  it('refuses calls or agents of another tenant', () => {
    const foreignCall = { ...call('c1', 'a', 10), tenantId: 't2' };
    expect(() => routeCalls(snapshot([foreignCall], [agent('x', NOW, { a: 0 })], [group('a')]))).toThrow(TenantMismatchError);
    const foreignAgent = agent('x', NOW, { a: 0 }, {}, { ...available('x', NOW), tenantId: 't2' });
    expect(() => routeCalls(snapshot([call('c1', 'a', 10)], [foreignAgent], [group('a')]))).toThrow(TenantMismatchError);
  });

  it('turns a plan into version-checked offer claims', () => {
    const s = snapshot([call('c1', 'a', 10)], [agent('x', NOW - 5000, { a: 0 }), agent('y', NOW - 1000, { a: 0 })], [group('a', 'ring-all')]);
    const [claim] = offerClaims(routeCalls(s), s);
    expect(claim?.callId).toBe('c1');
    expect(claim?.updates.map((u) => [u.expectedVersion, u.next.state, u.next.agentId, u.next.lastOfferAt])).toEqual([
      [3, 'offered', 'x', NOW],
      [3, 'offered', 'y', NOW],
    ]);
    expect(claim?.updates[0]?.change).toMatchObject({ from: 'available', to: 'offered', callId: 'c1', acdGroupId: 'a' });
  });
});
