import { describe, expect, it } from 'vitest';
import { AcdError } from '../errors/acd.error.js';
import { CallMismatchError } from '../errors/call-mismatch.error.js';
import { IllegalTransitionError } from '../errors/illegal-transition.error.js';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import type { AgentEvent, AgentEventType } from './agent-event.js';
import { AGENT_STATES, newAgentStatus, type AgentState, type AgentStatus } from './agent-state.js';
import { transition, type AgentStateMachineOptions } from './agent-state.machine.js';

const T0 = 1_700_000_000_000;
const CALL = { tenantId: 't1', callId: 'c1', acdGroupId: 'sales' };

/** Drives a fresh agent through real transitions, so fixtures cannot drift from the machine. */
function agentIn(state: AgentState, options?: AgentStateMachineOptions): AgentStatus {
  let agent = newAgentStatus('t1', 'a1', T0);
  const steps: Record<AgentState, AgentEvent[]> = {
    'logged-out': [],
    available: [{ type: 'login' }],
    offered: [{ type: 'login' }, { type: 'offer', call: CALL }],
    'on-call': [{ type: 'login' }, { type: 'offer', call: CALL }, { type: 'offer-accepted', callId: 'c1' }],
    'wrap-up': [
      { type: 'login' },
      { type: 'offer', call: CALL },
      { type: 'offer-accepted', callId: 'c1' },
      { type: 'hang-up', callId: 'c1', wrapUpSeconds: 30 },
    ],
    paused: [{ type: 'login' }, { type: 'pause', reason: 'break' }],
  };
  let now = T0;
  for (const event of steps[state]) {
    now += 1000;
    agent = transition(agent, event, now, options).agent;
  }
  expect(agent.state).toBe(state);
  return agent;
}

/** One representative event of each type, matching the fixture call `c1`. */
const EVENTS: Record<AgentEventType, AgentEvent> = {
  login: { type: 'login' },
  logout: { type: 'logout' },
  offer: { type: 'offer', call: CALL },
  'offer-accepted': { type: 'offer-accepted', callId: 'c1' },
  'offer-rejected': { type: 'offer-rejected', callId: 'c1' },
  'offer-no-answer': { type: 'offer-no-answer', callId: 'c1' },
  'offer-withdrawn': { type: 'offer-withdrawn', callId: 'c1' },
  'hang-up': { type: 'hang-up', callId: 'c1', wrapUpSeconds: 30 },
  'wrap-up-ended': { type: 'wrap-up-ended', by: 'agent' },
  pause: { type: 'pause', reason: 'lunch' },
  unpause: { type: 'unpause' },
};

const NOW = T0 + 60_000;

describe('agent state machine: legal transitions', () => {
  const legal: { from: AgentState; event: AgentEvent; to: AgentState; reason: string }[] = [
    { from: 'logged-out', event: EVENTS.login, to: 'available', reason: 'login' },
    { from: 'available', event: EVENTS.logout, to: 'logged-out', reason: 'logout' },
    { from: 'available', event: EVENTS.offer, to: 'offered', reason: 'offer' },
    { from: 'available', event: EVENTS.pause, to: 'paused', reason: 'pause' },
    { from: 'offered', event: EVENTS['offer-accepted'], to: 'on-call', reason: 'offer-accepted' },
    { from: 'offered', event: EVENTS['offer-rejected'], to: 'available', reason: 'offer-rejected' },
    { from: 'offered', event: EVENTS['offer-no-answer'], to: 'available', reason: 'offer-no-answer' },
    { from: 'offered', event: EVENTS['offer-withdrawn'], to: 'available', reason: 'offer-withdrawn' },
    { from: 'on-call', event: EVENTS['hang-up'], to: 'wrap-up', reason: 'hang-up' },
    { from: 'on-call', event: { type: 'hang-up', callId: 'c1', wrapUpSeconds: 0 }, to: 'available', reason: 'hang-up' },
    { from: 'wrap-up', event: EVENTS['wrap-up-ended'], to: 'available', reason: 'wrap-up-ended' },
    { from: 'wrap-up', event: { type: 'wrap-up-ended', by: 'timer', callId: 'c1' }, to: 'available', reason: 'wrap-up-ended' },
    { from: 'wrap-up', event: EVENTS.logout, to: 'logged-out', reason: 'logout' },
    { from: 'paused', event: EVENTS.pause, to: 'paused', reason: 'pause' },
    { from: 'paused', event: EVENTS.unpause, to: 'available', reason: 'unpause' },
    { from: 'paused', event: EVENTS.logout, to: 'logged-out', reason: 'logout' },
  ];

  it.each(legal)('$from --$event.type--> $to', ({ from, event, to, reason }) => {
    const agent = agentIn(from);
    const result = transition(agent, event, NOW);
    expect(result.agent.state).toBe(to);
    expect(result.agent.since).toBe(NOW);
    expect(result.agent.version).toBe(agent.version + 1);
    expect(result.change).toMatchObject({ tenantId: 't1', agentId: 'a1', from, to, at: NOW, fromSince: agent.since, event: event.type, reason });
  });

  it('does not modify the input status', () => {
    const agent = agentIn('available');
    const copy = structuredClone(agent);
    transition(agent, EVENTS.offer, NOW);
    expect(agent).toEqual(copy);
  });

  it('keeps the call on the agent through offer, call and wrap-up, and names it in history', () => {
    const offered = transition(agentIn('available'), EVENTS.offer, NOW);
    expect(offered.agent).toMatchObject({ call: { callId: 'c1', acdGroupId: 'sales' }, lastOfferAt: NOW });
    expect(offered.change).toMatchObject({ callId: 'c1', acdGroupId: 'sales' });
    const onCall = transition(offered.agent, EVENTS['offer-accepted'], NOW + 1000);
    const wrapUp = transition(onCall.agent, EVENTS['hang-up'], NOW + 61_000);
    expect(wrapUp.agent).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: NOW + 61_000 + 30_000, call: { callId: 'c1' } });
    const free = transition(wrapUp.agent, EVENTS['wrap-up-ended'], NOW + 70_000);
    expect(free.change).toMatchObject({ callId: 'c1', acdGroupId: 'sales', from: 'wrap-up', fromSince: NOW + 61_000 });
    expect(free.agent).toMatchObject({ state: 'available', idleSince: NOW + 70_000 });
  });

  it('records the pause reason and switches reasons while paused', () => {
    const paused = agentIn('paused');
    expect(paused).toMatchObject({ pauseReason: 'break' });
    const result = transition(paused, { type: 'pause', reason: 'lunch' }, NOW);
    expect(result.agent).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(result.change).toMatchObject({ from: 'paused', to: 'paused', pauseReason: 'lunch' });
  });
});

describe('agent state machine: illegal transitions', () => {
  /** Event types each state accepts; every other pair must be refused. */
  const accepted: Record<AgentState, AgentEventType[]> = {
    'logged-out': ['login'],
    available: ['logout', 'offer', 'pause'],
    offered: ['offer-accepted', 'offer-rejected', 'offer-no-answer', 'offer-withdrawn', 'pause'],
    'on-call': ['hang-up', 'pause'],
    'wrap-up': ['wrap-up-ended', 'logout', 'pause'],
    paused: ['pause', 'unpause', 'logout'],
  };
  const illegal = AGENT_STATES.flatMap((state) =>
    (Object.keys(EVENTS) as AgentEventType[]).filter((type) => !accepted[state].includes(type)).map((type) => ({ state, type })),
  );

  it('covers a good share of the table', () => {
    expect(illegal.length).toBeGreaterThan(40);
  });

  it.each(illegal)('$state refuses $type', ({ state, type }) => {
    const agent = agentIn(state);
    let caught: unknown;
    try {
      transition(agent, EVENTS[type], NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toBeInstanceOf(AcdError);
    expect(caught).toMatchObject({ name: 'IllegalTransitionError', code: 'ACD_ERR_ILLEGAL_TRANSITION', httpStatus: 409, state, event: type });
  });

  it('refuses unpause during a call when no pause is pending', () => {
    expect(() => transition(agentIn('on-call'), EVENTS.unpause, NOW)).toThrow(IllegalTransitionError);
  });

  it('refuses a pause for the reason the agent is already paused for', () => {
    expect(() => transition(agentIn('paused'), { type: 'pause', reason: 'break' }, NOW)).toThrow(IllegalTransitionError);
  });

  it.each([
    ['offered', { type: 'offer-accepted', callId: 'other' }],
    ['offered', { type: 'offer-no-answer', callId: 'other' }],
    ['on-call', { type: 'hang-up', callId: 'other', wrapUpSeconds: 0 }],
    ['wrap-up', { type: 'wrap-up-ended', by: 'timer', callId: 'other' }],
  ] as [AgentState, AgentEvent][])('%s refuses a late event for another call', (state, event) => {
    const agent = agentIn(state);
    expect(() => transition(agent, event, NOW)).toThrow(CallMismatchError);
    expect(() => transition(agent, event, NOW)).toThrow(expect.objectContaining({ code: 'ACD_ERR_CALL_MISMATCH' }));
  });

  it('refuses an offer of another tenant’s call', () => {
    const event: AgentEvent = { type: 'offer', call: { ...CALL, tenantId: 't2' } };
    expect(() => transition(agentIn('available'), event, NOW)).toThrow(TenantMismatchError);
  });

  it('refuses bad arguments', () => {
    expect(() => transition(agentIn('available'), { type: 'pause', reason: ' ' }, NOW)).toThrow(InvalidArgumentError);
    expect(() => transition(agentIn('on-call'), { type: 'hang-up', callId: 'c1', wrapUpSeconds: -1 }, NOW)).toThrow(InvalidArgumentError);
    expect(() => transition(agentIn('available'), EVENTS.logout, Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('agent state machine: pause requested during a call', () => {
  it.each(['offered', 'on-call', 'wrap-up'] as const)('is remembered in %s without a state change', (state) => {
    const agent = agentIn(state);
    const result = transition(agent, EVENTS.pause, NOW);
    expect(result.change).toBeNull();
    expect(result.agent).toMatchObject({ state, since: agent.since, version: agent.version + 1, pendingPause: 'lunch' });
  });

  it('is applied after the wrap-up', () => {
    let agent = transition(agentIn('on-call'), EVENTS.pause, NOW).agent;
    agent = transition(agent, EVENTS['hang-up'], NOW + 1000).agent;
    expect(agent).toMatchObject({ state: 'wrap-up', pendingPause: 'lunch' });
    const result = transition(agent, { type: 'wrap-up-ended', by: 'timer', callId: 'c1' }, NOW + 31_000);
    expect(result.agent).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(result.change).toMatchObject({ from: 'wrap-up', to: 'paused', event: 'wrap-up-ended', reason: 'deferred-pause', pauseReason: 'lunch' });
  });

  it('is applied at hang-up when the ACD group has no wrap-up', () => {
    const agent = transition(agentIn('on-call'), EVENTS.pause, NOW).agent;
    const result = transition(agent, { type: 'hang-up', callId: 'c1', wrapUpSeconds: 0 }, NOW + 1000);
    expect(result.agent).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(result.change).toMatchObject({ reason: 'deferred-pause' });
  });

  it('is applied when an offer ends unanswered or withdrawn', () => {
    for (const type of ['offer-rejected', 'offer-no-answer', 'offer-withdrawn'] as const) {
      const agent = transition(agentIn('offered'), EVENTS.pause, NOW).agent;
      const result = transition(agent, { type, callId: 'c1' }, NOW + 1000);
      expect(result.agent).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    }
  });

  it('survives answering the offer, and the last request wins', () => {
    let agent = transition(agentIn('offered'), EVENTS.pause, NOW).agent;
    agent = transition(agent, { type: 'pause', reason: 'training' }, NOW).agent;
    agent = transition(agent, EVENTS['offer-accepted'], NOW + 1000).agent;
    expect(agent).toMatchObject({ state: 'on-call', pendingPause: 'training' });
  });

  it('is cancelled by unpause', () => {
    let agent = transition(agentIn('on-call'), EVENTS.pause, NOW).agent;
    agent = transition(agent, EVENTS.unpause, NOW + 500).agent;
    expect(agent).toMatchObject({ state: 'on-call', pendingPause: null });
    const result = transition(agent, { type: 'hang-up', callId: 'c1', wrapUpSeconds: 0 }, NOW + 1000);
    expect(result.agent.state).toBe('available');
  });
});

describe('agent state machine: idle time and missed offers', () => {
  it('keeps the idle-since of a withdrawn offer but resets it after a miss', () => {
    const available = agentIn('available');
    if (available.state !== 'available') throw new Error('fixture');
    const offered = transition(available, EVENTS.offer, NOW).agent;
    const withdrawn = transition(offered, EVENTS['offer-withdrawn'], NOW + 5000).agent;
    expect(withdrawn).toMatchObject({ state: 'available', idleSince: available.idleSince, consecutiveMissedOffers: 0 });
    const missed = transition(offered, EVENTS['offer-no-answer'], NOW + 5000).agent;
    expect(missed).toMatchObject({ state: 'available', idleSince: NOW + 5000, consecutiveMissedOffers: 1 });
  });

  const autoPause: AgentStateMachineOptions = { autoPause: { afterMissedOffers: 3, reason: 'no-answer', countRejections: false } };

  function missOffers(agent: AgentStatus, n: number, type: 'offer-no-answer' | 'offer-rejected', options: AgentStateMachineOptions) {
    let result = { agent, change: null as unknown };
    for (let i = 0; i < n; i += 1) {
      const callId = `m${i}`;
      const offered = transition(result.agent, { type: 'offer', call: { ...CALL, callId } }, NOW + i * 10_000, options).agent;
      result = transition(offered, { type, callId }, NOW + i * 10_000 + 5000, options);
    }
    return result;
  }

  it('auto-pauses after N consecutive no-answers when configured', () => {
    const twice = missOffers(agentIn('available'), 2, 'offer-no-answer', autoPause);
    expect(twice.agent).toMatchObject({ state: 'available', consecutiveMissedOffers: 2 });
    const thrice = missOffers(agentIn('available'), 3, 'offer-no-answer', autoPause);
    expect(thrice.agent).toMatchObject({ state: 'paused', pauseReason: 'no-answer', consecutiveMissedOffers: 0 });
    expect(thrice.change).toMatchObject({ from: 'offered', to: 'paused', event: 'offer-no-answer', reason: 'auto-pause' });
  });

  it('never auto-pauses without the option', () => {
    const result = missOffers(agentIn('available'), 10, 'offer-no-answer', { autoPause: null });
    expect(result.agent).toMatchObject({ state: 'available', consecutiveMissedOffers: 10 });
  });

  it('counts rejections only when configured', () => {
    expect(missOffers(agentIn('available'), 3, 'offer-rejected', autoPause).agent.state).toBe('available');
    const counting = { autoPause: { afterMissedOffers: 3, reason: 'no-answer', countRejections: true } };
    expect(missOffers(agentIn('available'), 3, 'offer-rejected', counting).agent.state).toBe('paused');
  });

  it('resets the count when the agent answers', () => {
    let agent = missOffers(agentIn('available'), 2, 'offer-no-answer', autoPause).agent;
    agent = transition(agent, { type: 'offer', call: CALL }, NOW + 100_000, autoPause).agent;
    agent = transition(agent, EVENTS['offer-accepted'], NOW + 101_000, autoPause).agent;
    expect(agent.consecutiveMissedOffers).toBe(0);
  });

  it('refuses a nonsensical auto-pause threshold', () => {
    const bad = { autoPause: { afterMissedOffers: 0, reason: 'no-answer', countRejections: false } };
    expect(() => transition(agentIn('available'), EVENTS.logout, NOW, bad)).toThrow(InvalidArgumentError);
  });
});
