import type { RequiredSkill, SkillLevel } from '../call/waiting-call.js';
import type { AgentSkill, SkillRelaxationStep } from './routing-snapshot.js';

/**
 * How many levels the requirements have dropped after `waitedSeconds`: the largest `relaxBy` of
 * the steps already reached, so the schedule need not be sorted and never tightens again.
 */
export function relaxationAfter(schedule: readonly SkillRelaxationStep[], waitedSeconds: number): number {
  let relaxBy = 0;
  for (const step of schedule) {
    if (waitedSeconds >= step.afterSeconds && step.relaxBy > relaxBy) relaxBy = step.relaxBy;
  }
  return relaxBy;
}

/**
 * The level a required skill asks for once relaxed. Floors at 1: relaxation lowers how expert an
 * agent must be, it never sends a caller to an agent without the skill at all.
 */
export function relaxedLevel(required: SkillLevel, relaxBy: number): SkillLevel {
  return Math.max(1, required - relaxBy) as SkillLevel;
}

/** The agent's level in a skill, 0 when they do not have it. */
export function agentSkillLevel(skills: readonly AgentSkill[], skill: string): number {
  return skills.find((s) => s.skill === skill)?.level ?? 0;
}

/** Whether an agent meets every requirement after relaxing each by `relaxBy` levels. */
export function meetsSkills(skills: readonly AgentSkill[], required: readonly RequiredSkill[], relaxBy: number): boolean {
  return required.every((r) => agentSkillLevel(skills, r.skill) >= relaxedLevel(r.level, relaxBy));
}

/** Sum of the agent's levels in the required skills: how good a match they are for the call. */
export function skillScore(skills: readonly AgentSkill[], required: readonly RequiredSkill[]): number {
  return required.reduce((sum, r) => sum + agentSkillLevel(skills, r.skill), 0);
}
