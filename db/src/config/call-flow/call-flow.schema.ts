import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';
import { e164Schema, idSchema, skillLevelSchema } from '../schemas/common.schema.js';

/** A step name: the key other steps use to go to it. */
const stepRef = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a step name (a-z, 0-9, -)');

const playStep = z.object({ type: z.literal('play'), promptId: idSchema, next: stepRef });
const menuStep = z.object({
  type: z.literal('menu'),
  promptId: idSchema,
  /** DTMF digit (0-9, *, #) to the step it leads to. */
  options: z.record(z.string().regex(/^[0-9*#]$/, 'must be one DTMF key'), stepRef).refine((o) => Object.keys(o).length > 0, 'a menu needs an option'),
  timeoutSeconds: z.number().int().min(1).max(60).default(5),
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Where the caller goes after the last wrong key or timeout. */
  fallback: stepRef,
});
const timeConditionStep = z.object({ type: z.literal('time-condition'), openingScheduleId: idSchema, open: stepRef, closed: stepRef });
const acdGroupStep = z.object({
  type: z.literal('acd-group'),
  acdGroupId: idSchema,
  /** Added to the group's base priority for calls from this flow (VIP lines). */
  priorityBoost: z.number().int().min(-1000).max(1000).default(0),
  requiredSkills: z.array(z.object({ skillId: idSchema, level: skillLevelSchema })).max(20).default([]),
  /** Where the call goes when the group overflows it; absent: the group's own overflow target. */
  overflow: stepRef.optional(),
});
const voicemailStep = z.object({ type: z.literal('voicemail'), voicemailBox: z.string().trim().min(1).max(100) });
const transferStep = z.object({ type: z.literal('transfer'), number: e164Schema });
const hangupStep = z.object({ type: z.literal('hangup') });

export const callFlowStepSchema = z.discriminatedUnion('type', [playStep, menuStep, timeConditionStep, acdGroupStep, voicemailStep, transferStep, hangupStep]);

/**
 * A call flow: named steps and the one to start with. `schemaVersion` lets later formats be
 * migrated rather than guessed. The executor (telephony) turns it into steps; this schema is
 * the boundary every stored revision passed.
 */
export const callFlowDefinitionSchema = z
  .object({
    schemaVersion: z.literal(1),
    start: stepRef,
    steps: z.record(stepRef, callFlowStepSchema).refine((s) => Object.keys(s).length > 0, 'a flow needs a step'),
  })
  .strict();

export type CallFlowStep = z.output<typeof callFlowStepSchema>;
export type CallFlowDefinition = z.output<typeof callFlowDefinitionSchema>;

/** Every step name a step can go to. */
export function stepTargets(step: CallFlowStep): Array<{ field: string; target: string }> {
  switch (step.type) {
    case 'play':
      return [{ field: 'next', target: step.next }];
    case 'menu':
      return [...Object.entries(step.options).map(([key, target]) => ({ field: `options.${key}`, target })), { field: 'fallback', target: step.fallback }];
    case 'time-condition':
      return [{ field: 'open', target: step.open }, { field: 'closed', target: step.closed }];
    case 'acd-group':
      return step.overflow === undefined ? [] : [{ field: 'overflow', target: step.overflow }];
    default:
      return [];
  }
}

/** What a flow refers to outside itself; the repository checks these exist in the tenant. */
export interface CallFlowReferences {
  readonly acdGroupIds: readonly string[];
  readonly promptIds: readonly string[];
  readonly openingScheduleIds: readonly string[];
  readonly skillIds: readonly string[];
}

export function callFlowReferences(flow: CallFlowDefinition): CallFlowReferences {
  const acd = new Set<string>();
  const prompts = new Set<string>();
  const schedules = new Set<string>();
  const skills = new Set<string>();
  for (const step of Object.values(flow.steps)) {
    if (step.type === 'acd-group') {
      acd.add(step.acdGroupId);
      for (const s of step.requiredSkills) skills.add(s.skillId);
    }
    if (step.type === 'play' || step.type === 'menu') prompts.add(step.promptId);
    if (step.type === 'time-condition') schedules.add(step.openingScheduleId);
  }
  return { acdGroupIds: [...acd], promptIds: [...prompts], openingScheduleIds: [...schedules], skillIds: [...skills] };
}

/**
 * Validates a call flow: the shape (zod), then the graph: the start step and every target
 * exist, and every step is reachable from the start (an unreachable step is almost always a
 * wiring mistake an admin wants to hear about before calls hit it).
 */
export function parseCallFlowDefinition(input: unknown): CallFlowDefinition {
  const parsed = callFlowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  }
  const flow = parsed.data;
  const issues: ValidationIssue[] = [];
  if (!(flow.start in flow.steps)) issues.push({ path: 'start', message: `no step named "${flow.start}"` });
  for (const [name, step] of Object.entries(flow.steps)) {
    for (const { field, target } of stepTargets(step)) {
      if (!(target in flow.steps)) issues.push({ path: `steps.${name}.${field}`, message: `no step named "${target}"` });
    }
  }
  if (issues.length === 0) {
    const reached = new Set<string>([flow.start]);
    const todo = [flow.start];
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      const step = flow.steps[name];
      for (const { target } of step ? stepTargets(step) : []) {
        if (!reached.has(target)) {
          reached.add(target);
          todo.push(target);
        }
      }
    }
    for (const name of Object.keys(flow.steps)) {
      if (!reached.has(name)) issues.push({ path: `steps.${name}`, message: 'not reachable from the start step' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return flow;
}
