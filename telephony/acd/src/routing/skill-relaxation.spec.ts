import { describe, expect, it } from 'vitest';
import { meetsSkills, relaxationAfter, relaxedLevel, skillScore } from './skill-relaxation.js';

const schedule = [
  { afterSeconds: 60, relaxBy: 2 },
  { afterSeconds: 30, relaxBy: 1 },
  { afterSeconds: 120, relaxBy: 4 },
];

describe('skill relaxation', () => {
  it.each([
    [0, 0],
    [29.9, 0],
    [30, 1],
    [59, 1],
    [60, 2],
    [119, 2],
    [600, 4],
  ])('after %s s the requirements drop by %s levels', (waited, relaxBy) => {
    expect(relaxationAfter(schedule, waited)).toBe(relaxBy);
  });

  it('never tightens again, even with a badly ordered schedule', () => {
    expect(relaxationAfter([{ afterSeconds: 10, relaxBy: 3 }, { afterSeconds: 20, relaxBy: 1 }], 25)).toBe(3);
  });

  it('floors the required level at 1', () => {
    expect(relaxedLevel(4, 1)).toBe(3);
    expect(relaxedLevel(4, 3)).toBe(1);
    expect(relaxedLevel(2, 4)).toBe(1);
  });

  it('requires every skill, and a missing skill never passes', () => {
    const agent = [{ skill: 'spanish', level: 3 as const }, { skill: 'billing', level: 5 as const }];
    expect(meetsSkills(agent, [{ skill: 'spanish', level: 3 }, { skill: 'billing', level: 4 }], 0)).toBe(true);
    expect(meetsSkills(agent, [{ skill: 'spanish', level: 4 }, { skill: 'billing', level: 4 }], 0)).toBe(false);
    expect(meetsSkills(agent, [{ skill: 'spanish', level: 4 }], 1)).toBe(true);
    expect(meetsSkills(agent, [{ skill: 'german', level: 1 }], 4)).toBe(false);
    expect(meetsSkills(agent, [], 0)).toBe(true);
  });

  it('scores a match as the sum of the agent’s levels in the required skills', () => {
    const agent = [{ skill: 'spanish', level: 3 as const }, { skill: 'billing', level: 5 as const }];
    expect(skillScore(agent, [{ skill: 'spanish', level: 1 }, { skill: 'billing', level: 1 }, { skill: 'german', level: 1 }])).toBe(8);
  });
});
