import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { agentsNeeded, erlangB, erlangC, erlangCAverageSpeedOfAnswer, erlangCServiceLevel, offeredLoad } from './erlang-c.js';

// Reference values below were computed independently of this code, with the textbook factorial
// formula C = (A^N/N! · N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N-A)) in 50-digit arithmetic
// (Python mpmath), not with the recursion under test.

describe('Erlang B', () => {
  it('matches hand computation for A = 2', () => {
    // B(0)=1, B(1)=2/3, B(2)=(4/3)/(10/3)=2/5, B(3)=(4/5)/(19/5)=4/19
    expect(erlangB(2, 0)).toBe(1);
    expect(erlangB(2, 1)).toBeCloseTo(2 / 3, 12);
    expect(erlangB(2, 2)).toBeCloseTo(2 / 5, 12);
    expect(erlangB(2, 3)).toBeCloseTo(4 / 19, 12);
  });

  it('is 0 with no traffic and at least one agent', () => {
    expect(erlangB(0, 4)).toBe(0);
  });
});

describe('Erlang C probability of waiting', () => {
  it('A = 1 Erlang, N = 2: B(2) = 1/5, C = 2·(1/5) / (2 - 1·(4/5)) = 1/3', () => {
    expect(erlangC(1, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('A = 2 Erlang, N = 3: B(3) = 4/19, C = (12/19) / (3 - 2·15/19) = 12/27 = 0.4444', () => {
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 12);
  });

  it.each([
    [10, 11, 0.682118204689332],
    [50, 55, 0.384547317932929],
    [1000, 1010, 0.660521145467843],
    [1000, 1050, 0.0744017740374284],
  ])('A = %s, N = %s → %s (published / high-precision value)', (traffic, agents, expected) => {
    expect(erlangC(traffic, agents)).toBeCloseTo(expected, 10);
  });

  it('stays finite where factorials overflow a double (1000^1050)', () => {
    const c = erlangC(1000, 1050);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(0);
  });

  it('is 1 when agents cannot keep up (N ≤ A) and 0 without traffic', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 3)).toBe(1);
    expect(erlangC(0, 3)).toBe(0);
  });

  it('decreases as agents are added', () => {
    for (let n = 11; n < 30; n += 1) expect(erlangC(10, n + 1)).toBeLessThan(erlangC(10, n));
  });

  it('refuses nonsense', () => {
    expect(() => erlangC(-1, 3)).toThrow(InvalidArgumentError);
    expect(() => erlangC(2, 2.5)).toThrow(InvalidArgumentError);
    expect(() => erlangC(2, 0)).toThrow(InvalidArgumentError);
  });
});

describe('Erlang C service level and ASA', () => {
  it('A = 1, N = 2, t = AHT: SL = 1 - (1/3)·e^-1, ASA = (1/3)·AHT / 1', () => {
    const input = { trafficErlangs: 1, agents: 2, ahtSeconds: 120 };
    expect(erlangCServiceLevel({ ...input, thresholdSeconds: 120 })).toBeCloseTo(1 - Math.exp(-1) / 3, 12);
    expect(erlangCAverageSpeedOfAnswer(input)).toBeCloseTo(40, 10);
  });

  it('A = 10, N = 13, AHT 180 s, 20 s: SL = 1 - 0.285270·e^(-3·20/180) = 0.795595', () => {
    expect(erlangCServiceLevel({ trafficErlangs: 10, agents: 13, ahtSeconds: 180, thresholdSeconds: 20 })).toBeCloseTo(0.7955948, 6);
  });

  it('is 0 and ASA infinite when N ≤ A; SL with a 0 s threshold is 1 - P(wait)', () => {
    expect(erlangCServiceLevel({ trafficErlangs: 5, agents: 5, ahtSeconds: 60, thresholdSeconds: 20 })).toBe(0);
    expect(erlangCAverageSpeedOfAnswer({ trafficErlangs: 5, agents: 4, ahtSeconds: 60 })).toBe(Number.POSITIVE_INFINITY);
    expect(erlangCServiceLevel({ trafficErlangs: 2, agents: 3, ahtSeconds: 60, thresholdSeconds: 0 })).toBeCloseTo(5 / 9, 12);
  });
});

describe('agents needed', () => {
  it('offered load: 100 calls in 30 min with AHT 180 s is 10 Erlang', () => {
    expect(offeredLoad(100, 1800, 180)).toBe(10);
  });

  it('100 calls / 30 min, AHT 180 s, 80/20 → 14 agents (13 agents reach only 79.56 %)', () => {
    const result = agentsNeeded({ calls: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, thresholdSeconds: 20 });
    expect(result.agents).toBe(14);
    expect(result.trafficErlangs).toBe(10);
    expect(result.serviceLevel).toBeCloseTo(0.88835002, 7);
    expect(result.probabilityOfWaiting).toBeCloseTo(0.1741319336, 8);
    expect(result.averageSpeedOfAnswerSeconds).toBeCloseTo(7.835937, 5);
    expect(result.occupancy).toBeCloseTo(10 / 14, 12);
  });

  it.each([
    // calls, interval s, AHT s, target, threshold s → agents (SL reached, SL with one agent fewer)
    [200, 3600, 240, 0.8, 20, 17], // 0.8104 vs 0.6900
    [400, 1800, 300, 0.9, 15, 77], // 0.9096 vs 0.8820
    [10, 3600, 300, 0.8, 20, 3], // 0.9501 vs 0.7732
    [5000, 1800, 300, 0.8, 20, 848], // 0.8110 vs 0.7874, A = 833.3 Erlang
  ])('%s calls / %s s, AHT %s s, %s in %s s → %s agents', (calls, intervalSeconds, ahtSeconds, targetServiceLevel, thresholdSeconds, expected) => {
    const target = { calls, intervalSeconds, ahtSeconds, targetServiceLevel, thresholdSeconds };
    const result = agentsNeeded(target);
    expect(result.agents).toBe(expected);
    expect(result.serviceLevel).toBeGreaterThanOrEqual(targetServiceLevel);
    // Minimal: one agent fewer misses the target.
    const fewer = erlangCServiceLevel({ trafficErlangs: result.trafficErlangs, agents: expected - 1, ahtSeconds, thresholdSeconds });
    expect(fewer).toBeLessThan(targetServiceLevel);
  });

  it('needs no agents without calls', () => {
    expect(agentsNeeded({ calls: 0, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, thresholdSeconds: 20 }).agents).toBe(0);
  });

  it('refuses an unreachable or meaningless target', () => {
    const base = { calls: 100, intervalSeconds: 1800, ahtSeconds: 180, thresholdSeconds: 20 };
    expect(() => agentsNeeded({ ...base, targetServiceLevel: 1 })).toThrow(InvalidArgumentError);
    expect(() => agentsNeeded({ ...base, targetServiceLevel: 0 })).toThrow(InvalidArgumentError);
    expect(() => agentsNeeded({ ...base, intervalSeconds: 0, targetServiceLevel: 0.8 })).toThrow(InvalidArgumentError);
  });
});
