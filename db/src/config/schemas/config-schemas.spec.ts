import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';
import { agentSettingsSchema } from './agent.schema.js';
import { parseInput } from './parse-input.js';
import { promptKeyTenant, promptSettingsSchema } from './prompt.schema.js';
import { holidayCalendarSettingsSchema, openingScheduleSettingsSchema } from './schedule.schema.js';
import { dispositionCodeSettingsSchema, pauseReasonSettingsSchema, skillSettingsSchema } from './simple-config.schema.js';

/** The issues a refused input produces, as the API would answer them; fails the test if the input is accepted. */
function issuesOf(schema: z.ZodType, input: unknown): ValidationIssue[] {
  try {
    parseInput(schema, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('RW_ERR_VALIDATION');
    return [...(err as ValidationError).issues];
  }
  throw new Error('the input was accepted');
}

const agent = { displayName: 'Ada', extension: '101', sipDevice: 'ada.101' };

describe('agent settings at the boundary', () => {
  it('fills the database defaults', () => {
    expect(parseInput(agentSettingsSchema, agent)).toEqual({ ...agent, userAccountId: null, active: true, skills: [], memberships: [] });
    expect(parseInput(agentSettingsSchema, { ...agent, memberships: [{ acdGroupId: '4' }] }).memberships).toEqual([{ acdGroupId: '4', penalty: 0 }]);
  });

  it('refuses skill levels outside 1-5 and names the entry', () => {
    expect(issuesOf(agentSettingsSchema, { ...agent, skills: [{ skillId: '1', level: 3 }, { skillId: '2', level: 6 }] })).toEqual([
      { path: 'skills.1.level', message: 'must be a skill level from 1 to 5' },
    ]);
    for (const level of [0, 2.5, '3']) {
      expect(issuesOf(agentSettingsSchema, { ...agent, skills: [{ skillId: '1', level }] }), String(level)).toEqual([
        { path: 'skills.0.level', message: 'must be a skill level from 1 to 5' },
      ]);
    }
  });

  it('refuses a skill or ACD group listed twice, a penalty beyond the column, malformed ids', () => {
    expect(issuesOf(agentSettingsSchema, { ...agent, skills: [{ skillId: '1', level: 1 }, { skillId: '1', level: 2 }] })).toEqual([
      { path: 'skills', message: 'a skill is listed twice' },
    ]);
    expect(issuesOf(agentSettingsSchema, { ...agent, memberships: [{ acdGroupId: '3' }, { acdGroupId: '3', penalty: 1 }] })[0]?.message).toBe('an ACD group is listed twice');
    expect(issuesOf(agentSettingsSchema, { ...agent, memberships: [{ acdGroupId: '3', penalty: 256 }] })[0]?.path).toBe('memberships.0.penalty');
    expect(issuesOf(agentSettingsSchema, { ...agent, userAccountId: '0' })).toEqual([{ path: 'userAccountId', message: 'must be a row id' }]);
  });

  it('names every wrong field with a message that says what is allowed', () => {
    expect(issuesOf(agentSettingsSchema, { displayName: ' ', extension: '10a', sipDevice: 'ada@example' })).toEqual([
      { path: 'displayName', message: expect.stringMatching(/>=1 characters/) },
      { path: 'extension', message: 'must be 1-32 digits' },
      { path: 'sipDevice', message: 'must be 1-100 letters, digits or . _ ~ + -' },
    ]);
  });
});

describe('opening schedules and holiday calendars at the boundary', () => {
  const week = { name: 'Office', timeZone: 'Europe/Berlin', intervals: [{ weekday: 1, opensAt: '08:00', closesAt: '12:00' }, { weekday: 1, opensAt: '13:00', closesAt: '24:00' }] };

  it('accepts split days and 24:00 as a closing time', () => {
    expect(parseInput(openingScheduleSettingsSchema, week)).toEqual({ ...week, holidayCalendarId: null });
  });

  it('refuses an unknown time zone, weekday 0 or 8, reversed and overlapping intervals', () => {
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, timeZone: 'Mars/Olympus' })).toEqual([
      { path: 'timeZone', message: 'must be an IANA time zone such as Europe/Berlin' },
    ]);
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, intervals: [{ weekday: 8, opensAt: '08:00', closesAt: '09:00' }] })[0]).toEqual({
      path: 'intervals.0.weekday',
      message: 'must be an ISO weekday 1 (Monday) to 7 (Sunday)',
    });
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, intervals: [{ weekday: 2, opensAt: '17:00', closesAt: '09:00' }] })).toEqual([
      { path: 'intervals.0.closesAt', message: 'must be later than opensAt' },
    ]);
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, intervals: [...week.intervals, { weekday: 1, opensAt: '11:30', closesAt: '12:30' }] })).toEqual([
      { path: 'intervals.2', message: 'overlaps another interval of the same weekday' },
    ]);
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, intervals: [{ weekday: 1, opensAt: '24:00', closesAt: '24:00' }] })[0]?.path).toBe('intervals.0.opensAt');
    // A malformed time is named once, not also reported as "closes before it opens".
    expect(issuesOf(openingScheduleSettingsSchema, { ...week, intervals: [{ weekday: 1, opensAt: '9:00', closesAt: '17:00' }] })).toEqual([
      { path: 'intervals.0.opensAt', message: 'must be a time HH:MM from 00:00 to 23:59' },
    ]);
  });

  it('a holiday is closed all day or open in one interval; dates are real and not repeated', () => {
    const ok = parseInput(holidayCalendarSettingsSchema, { name: 'DE', holidays: [{ date: '2030-12-24', name: 'Christmas Eve', opensAt: '08:00', closesAt: '12:00' }, { date: '2030-12-25', name: 'Christmas' }] });
    expect(ok.holidays[1]).toEqual({ date: '2030-12-25', name: 'Christmas', opensAt: null, closesAt: null });
    expect(issuesOf(holidayCalendarSettingsSchema, { name: 'DE', holidays: [{ date: '2030-02-30', name: 'x' }] })).toEqual([
      { path: 'holidays.0.date', message: 'must be a date YYYY-MM-DD' },
    ]);
    expect(issuesOf(holidayCalendarSettingsSchema, { name: 'DE', holidays: [{ date: '2030-05-01', name: 'x', opensAt: '08:00' }] })[0]?.path).toBe('holidays.0.closesAt');
    expect(issuesOf(holidayCalendarSettingsSchema, { name: 'DE', holidays: [{ date: '2030-05-01', name: 'a' }, { date: '2030-05-01', name: 'b' }] })).toEqual([
      { path: 'holidays', message: 'a date is listed twice' },
    ]);
  });
});

describe('prompts, skills, pause reasons and disposition codes at the boundary', () => {
  it('a prompt key lies in a tenant\'s prompts folder, with no way out of it', () => {
    expect(promptKeyTenant('tenants/7/prompts/welcome.wav')).toBe('7');
    expect(promptKeyTenant('tenants/7/prompts/de/welcome.wav')).toBe('7');
    for (const bad of ['tenants/7/recordings/a.wav', 'tenants/7/prompts/../8/prompts/a.wav', '/tenants/7/prompts/a.wav', 'tenants/07/prompts/a.wav', 'tenants/7/prompts/']) {
      expect(promptKeyTenant(bad), bad).toBeNull();
    }
    expect(parseInput(promptSettingsSchema, { name: 'Welcome', storageKey: 'tenants/7/prompts/welcome.wav' }).contentType).toBe('audio/wav');
    expect(issuesOf(promptSettingsSchema, { name: 'Welcome', storageKey: 'tenants/7/recordings/x.wav', contentType: 'text/html' }).map((i) => i.path)).toEqual([
      'storageKey',
      'contentType',
    ]);
  });

  it('codes are lower case so two spellings cannot become two codes', () => {
    expect(parseInput(pauseReasonSettingsSchema, { code: 'lunch', label: 'Lunch' })).toEqual({ code: 'lunch', label: 'Lunch', paid: false, maxSeconds: null, active: true });
    expect(issuesOf(pauseReasonSettingsSchema, { code: 'Lunch', label: 'Lunch', maxSeconds: 0 }).map((i) => i.path)).toEqual(['code', 'maxSeconds']);
    expect(issuesOf(dispositionCodeSettingsSchema, { code: 'sale won', label: '' }).map((i) => i.path)).toEqual(['code', 'label']);
    expect(issuesOf(skillSettingsSchema, { name: 'x'.repeat(101) })[0]?.path).toBe('name');
  });
});
