import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error.js';
import { callFlowReferences, parseCallFlowDefinition } from './call-flow.schema.js';

// vitest runs specs from src, where the JSON fixtures are (tsc does not copy them to dist).
const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseCallFlowDefinition(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('RW_ERR_VALIDATION');
    return [...(err as ValidationError).issues];
  }
  throw new Error('the flow was accepted');
}

describe('call-flow definition at the boundary', () => {
  it('every good-* fixture is accepted; every bad-* fixture is refused', () => {
    const files = readdirSync(FIXTURES);
    expect(files.filter((f) => f.startsWith('good-')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.startsWith('bad-')).length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      if (f.startsWith('good-')) expect(() => parseCallFlowDefinition(fixture(f)), f).not.toThrow();
      if (f.startsWith('bad-')) expect(issuesOf(fixture(f)).length, f).toBeGreaterThan(0);
    }
  });

  it('fills defaults and lists what the flow refers to outside itself', () => {
    const flow = parseCallFlowDefinition(fixture('good-business-hours.json'));
    const menu = flow.steps['menu'];
    expect(menu?.type === 'menu' && menu.timeoutSeconds).toBe(5);
    expect(callFlowReferences(flow)).toEqual({ acdGroupIds: ['1', '2'], promptIds: ['1', '2', '3'], openingScheduleIds: ['1'], skillIds: ['1'] });
  });

  it('names the wrong field of each refusal', () => {
    expect(issuesOf(fixture('bad-missing-target.json'))).toEqual([{ path: 'steps.welcome.next', message: 'no step named "queue"' }]);
    expect(issuesOf(fixture('bad-unreachable-step.json'))).toEqual([{ path: 'steps.orphan', message: 'not reachable from the start step' }]);
    const paths = issuesOf(fixture('bad-wrong-field-types.json')).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['steps.menu.promptId', 'steps.out.number']));
    expect(issuesOf(fixture('bad-unknown-step-type.json'))[0]?.path).toBe('steps.a.type');
    expect(issuesOf({ schemaVersion: 1, start: 'nowhere', steps: { a: { type: 'hangup' } } })[0]?.path).toBe('start');
  });

  it('refuses fields it does not know at the top level (a typo must not be stored silently)', () => {
    expect(issuesOf({ schemaVersion: 1, start: 'a', steps: { a: { type: 'hangup' } }, strat: 'a' })[0]?.message).toMatch(/unrecognized/i);
  });
});
