import type { ResultSetHeader } from 'mysql2/promise';
import type { AcdGroupMembership as DomainMembership } from '@ringwell/acd';
import {
  AcdGroupRepository,
  AdminWriteRunner,
  AgentRepository,
  CallFlowRepository,
  createDbPools,
  DbUnavailableError,
  DispositionCodeRepository,
  HolidayCalendarRepository,
  InUseError,
  InvalidReferenceError,
  NotFoundError,
  OpeningScheduleRepository,
  PauseReasonRepository,
  PromptRepository,
  SkillRepository,
  ValidationError,
  VersionConflictError,
} from '@ringwell/db';
import type { ConfigChange, DbPools } from '@ringwell/db';
import { createPool } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';
import { TestTenants } from '../src/test-tenants.js';

const ctx = testCluster();
let pools: DbPools;
const published: ConfigChange[] = [];
let writes: AdminWriteRunner;
let agents: AgentRepository;
let skills: SkillRepository;
let groups: AcdGroupRepository;
let prompts: PromptRepository;
let pauses: PauseReasonRepository;
let dispositions: DispositionCodeRepository;
let schedules: OpeningScheduleRepository;
let calendars: HolidayCalendarRepository;
let flows: CallFlowRepository;
let tenantsUnderTest: TestTenants;
const newTenant = (label: string): Promise<string> => tenantsUnderTest.create(label);

/** The rejection of a promise that must fail (the test fails if it resolves). */
async function refusal(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('the write was accepted');
    },
    (err: unknown) => err as Error,
  );
}

beforeAll(() => {
  pools = createDbPools(ctx.dataTier, 4);
  tenantsUnderTest = new TestTenants(pools.master, 'ag');
  writes = new AdminWriteRunner(pools.master, { publish: async (c) => void published.push(c) });
  agents = new AgentRepository(pools.master, writes);
  skills = new SkillRepository(pools.master, writes);
  groups = new AcdGroupRepository(pools.master, writes);
  prompts = new PromptRepository(pools.master, writes);
  pauses = new PauseReasonRepository(pools.master, writes);
  dispositions = new DispositionCodeRepository(pools.master, writes);
  schedules = new OpeningScheduleRepository(pools.master, writes);
  calendars = new HolidayCalendarRepository(pools.master, writes);
  flows = new CallFlowRepository(pools.master, writes);
});

afterAll(async () => {
  await tenantsUnderTest.removeAll();
  await pools.end();
});

describe('agents with skills and ACD group memberships (real MariaDB through db-master)', () => {
  it('create, read, list, update with the right version, stale version conflicts, delete', async () => {
    const t = await newTenant('agent-crud');
    const german = await skills.create(t, { name: 'german' });
    const billing = await skills.create(t, { name: 'billing' });
    const sales = await groups.create(t, { name: 'Sales' });
    const support = await groups.create(t, { name: 'Support' });
    const created = await agents.create(t, {
      displayName: 'Ada Lovelace', extension: '101', sipDevice: 'ada',
      skills: [{ skillId: german.id, level: 5 }, { skillId: billing.id, level: 2 }],
      memberships: [{ acdGroupId: support.id, penalty: 1 }, { acdGroupId: sales.id }],
    });
    expect(created).toMatchObject({ tenantId: t, version: 1, userAccountId: null, active: true, extension: '101', sipDevice: 'ada' });
    expect(created.skills).toEqual(expect.arrayContaining([{ skillId: german.id, level: 5 }, { skillId: billing.id, level: 2 }]));
    expect(created.skills).toHaveLength(2);
    // Lowest penalty first: the order routing tries them in.
    expect(created.memberships).toEqual([{ acdGroupId: sales.id, penalty: 0 }, { acdGroupId: support.id, penalty: 1 }]);
    // Compile-time: the stored memberships are what the pure ACD domain takes.
    const domain: readonly DomainMembership[] = created.memberships;
    expect(domain).toHaveLength(2);
    expect(await agents.get(t, created.id)).toEqual(created);
    expect(published.at(-1)).toMatchObject({ tenantId: t, entity: 'agent', id: created.id, version: 1 });

    const bob = await agents.create(t, { displayName: 'Bob', extension: '102', sipDevice: 'bob' });
    expect((await agents.list(t)).map((a) => a.displayName)).toEqual(['Ada Lovelace', 'Bob']);

    // Full replacement: skills and memberships are exactly the new lists.
    const edited = await agents.update(t, created.id, 1, { ...created, active: false, skills: [{ skillId: billing.id, level: 4 }], memberships: [{ acdGroupId: support.id, penalty: 3 }] });
    expect(edited).toMatchObject({ version: 2, active: false, skills: [{ skillId: billing.id, level: 4 }], memberships: [{ acdGroupId: support.id, penalty: 3 }] });
    const stale = await refusal(agents.update(t, created.id, 1, { ...created, displayName: 'lost edit' }));
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale).toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', httpStatus: 409, entity: 'agent', expectedVersion: 1, currentVersion: 2 });
    expect((await agents.get(t, created.id)).displayName).toBe('Ada Lovelace');

    await expect(agents.delete(t, bob.id, 2)).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 1 });
    await agents.delete(t, bob.id, 1);
    await expect(agents.get(t, bob.id)).rejects.toBeInstanceOf(NotFoundError);
    // The agent holds the skill: deleting the skill is refused by the foreign key.
    await expect(skills.delete(t, billing.id, 1)).rejects.toMatchObject({ code: 'RW_ERR_IN_USE', message: expect.stringContaining('fk_agent_skill_skill') });
  });

  it('unknown or foreign skills, groups and logins are named; taken extensions are duplicates', async () => {
    const a = await newTenant('agent-ref-a');
    const b = await newTenant('agent-ref-b');
    const skillOfA = await skills.create(a, { name: 'french' });
    const groupOfA = await groups.create(a, { name: 'A' });
    const [login] = await pools.master.execute<ResultSetHeader>(
      "INSERT INTO user_account (tenant_id, login, display_name, role, password_hash) VALUES (?, 'ada', 'Ada', 'agent', 'x')",
      [a],
    );
    const err = await refusal(
      agents.create(b, { displayName: 'Eve', extension: '200', sipDevice: 'eve', userAccountId: String(login.insertId),
        skills: [{ skillId: skillOfA.id, level: 1 }, { skillId: '999999999', level: 2 }], memberships: [{ acdGroupId: groupOfA.id }] }),
    );
    expect(err).toBeInstanceOf(InvalidReferenceError);
    expect(err.message).toBe(
      `a referenced row does not exist in this tenant: the agent names rows that do not exist in this tenant: skill ${skillOfA.id}, skill 999999999, acd-group ${groupOfA.id}, user-account ${String(login.insertId)}`,
    );
    expect(await agents.list(b)).toEqual([]);
    // Tenant A may link its own login; the same login twice is a duplicate.
    await agents.create(a, { displayName: 'Ada', extension: '200', sipDevice: 'ada', userAccountId: String(login.insertId) });
    await expect(agents.create(a, { displayName: 'Ada 2', extension: '201', sipDevice: 'ada2', userAccountId: String(login.insertId) })).rejects.toMatchObject({
      code: 'RW_ERR_DUPLICATE', key: 'uq_agent_user_account',
    });
    await expect(agents.create(a, { displayName: 'Other', extension: '200', sipDevice: 'other' })).rejects.toMatchObject({ code: 'RW_ERR_DUPLICATE', key: 'uq_agent_extension' });
    // Tenant B may use the same extension: unique per tenant only.
    expect((await agents.create(b, { displayName: 'Eve', extension: '200', sipDevice: 'ada' })).version).toBe(1);
  });

  it('tenant B cannot read, update or delete tenant A\'s rows of any of the new tables', async () => {
    const a = await newTenant('scope-a');
    const b = await newTenant('scope-b');
    const rowsOfA: Array<[{ get: (t: string, id: string) => Promise<unknown>; update: (t: string, id: string, v: number, i: unknown) => Promise<unknown> }, string, unknown]> = [];
    const skill = await skills.create(a, { name: 's' });
    rowsOfA.push([skills, skill.id, { name: 'hijack' }]);
    const agent = await agents.create(a, { displayName: 'A', extension: '1', sipDevice: 'a' });
    rowsOfA.push([agents, agent.id, { displayName: 'hijack', extension: '1', sipDevice: 'a' }]);
    const prompt = await prompts.create(a, { name: 'p', storageKey: `tenants/${a}/prompts/p.wav` });
    rowsOfA.push([prompts, prompt.id, { name: 'hijack', storageKey: `tenants/${b}/prompts/p.wav` }]);
    const pause = await pauses.create(a, { code: 'lunch', label: 'Lunch' });
    rowsOfA.push([pauses, pause.id, { code: 'lunch', label: 'hijack' }]);
    const disposition = await dispositions.create(a, { code: 'sale', label: 'Sale' });
    rowsOfA.push([dispositions, disposition.id, { code: 'sale', label: 'hijack' }]);
    const calendar = await calendars.create(a, { name: 'c' });
    rowsOfA.push([calendars, calendar.id, { name: 'hijack' }]);
    const schedule = await schedules.create(a, { name: 'o', timeZone: 'Europe/Berlin' });
    rowsOfA.push([schedules, schedule.id, { name: 'hijack', timeZone: 'UTC' }]);
    for (const [repo, id, input] of rowsOfA) {
      await expect(repo.get(b, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(repo.update(b, id, 1, input)).rejects.toMatchObject({ code: 'RW_ERR_NOT_FOUND' });
      expect(await repo.get(a, id)).toMatchObject({ version: 1 });
    }
    for (const [repo, id] of [[skills, skill.id], [agents, agent.id], [prompts, prompt.id], [calendars, calendar.id], [schedules, schedule.id]] as const) {
      await expect(repo.delete(b, id, 1)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await Promise.all([skills.list(b), agents.list(b), prompts.list(b), pauses.list(b), dispositions.list(b), calendars.list(b), schedules.list(b)])).toEqual([[], [], [], [], [], [], []]);
    // B's schedule may not use A's holiday calendar.
    await expect(schedules.create(b, { name: 'x', timeZone: 'UTC', holidayCalendarId: calendar.id })).rejects.toThrow(`holiday-calendar ${calendar.id}`);
  });

  it('bad payloads are refused before any write, naming the field', async () => {
    const t = await newTenant('validation');
    const err = await refusal(agents.create(t, { displayName: 'Ada', extension: '10 1', sipDevice: 'ada', skills: [{ skillId: '1', level: 7 }] }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      { path: 'extension', message: 'must be 1-32 digits' },
      { path: 'skills.0.level', message: 'must be a skill level from 1 to 5' },
    ]);
    expect(await agents.list(t)).toEqual([]);
  });
});

describe('skills, prompts, pause reasons and disposition codes', () => {
  it('skills: CRUD under the version; a skill a call flow requires cannot be deleted', async () => {
    const t = await newTenant('skills');
    const s = await skills.create(t, { name: 'spanish' });
    expect(await skills.list(t)).toEqual([s]);
    const renamed = await skills.update(t, s.id, 1, { name: 'español' });
    expect(renamed).toMatchObject({ name: 'español', version: 2 });
    await expect(skills.update(t, s.id, 1, { name: 'x' })).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    await expect(skills.create(t, { name: 'español' })).rejects.toMatchObject({ code: 'RW_ERR_DUPLICATE', key: 'uq_skill_name' });
    const q = await groups.create(t, { name: 'Q' });
    await flows.create(t, { name: 'Main', definition: { schemaVersion: 1, start: 'q', steps: { q: { type: 'acd-group', acdGroupId: q.id, requiredSkills: [{ skillId: s.id, level: 2 }] } } } });
    const inUse = await refusal(skills.delete(t, s.id, 2));
    expect(inUse).toBeInstanceOf(InUseError);
    expect(inUse.message).toContain(`skill ${s.id} is used by call flow "Main"`);
  });

  it('prompts point into the tenant\'s own prompts folder; one an ACD group plays cannot be deleted', async () => {
    const t = await newTenant('prompts');
    const p = await prompts.create(t, { name: 'Welcome', storageKey: `tenants/${t}/prompts/welcome.wav` });
    expect(p).toMatchObject({ contentType: 'audio/wav', version: 1 });
    const moved = await prompts.update(t, p.id, 1, { name: 'Welcome', storageKey: `tenants/${t}/prompts/de/welcome.mp3`, contentType: 'audio/mpeg' });
    expect(moved).toMatchObject({ storageKey: `tenants/${t}/prompts/de/welcome.mp3`, contentType: 'audio/mpeg', version: 2 });
    await expect(prompts.update(t, p.id, 1, { name: 'x', storageKey: `tenants/${t}/prompts/x.wav` })).rejects.toBeInstanceOf(VersionConflictError);
    const foreign = await refusal(prompts.create(t, { name: 'Stolen', storageKey: 'tenants/1/prompts/welcome.wav' }));
    expect(foreign).toBeInstanceOf(ValidationError);
    expect((foreign as ValidationError).issues).toEqual([{ path: 'storageKey', message: `must be in this tenant's prompts folder (tenants/${t}/prompts/...)` }]);
    await groups.create(t, { name: 'G', announcements: { musicOnHoldPromptId: p.id } });
    await expect(prompts.delete(t, p.id, 2)).rejects.toMatchObject({ code: 'RW_ERR_IN_USE', message: expect.stringContaining('fk_acd_group_moh_prompt') });
  });

  it('pause reasons and disposition codes are edited and deactivated, never deleted', async () => {
    const t = await newTenant('codes');
    const lunch = await pauses.create(t, { code: 'lunch', label: 'Lunch', maxSeconds: 1800 });
    expect(lunch).toMatchObject({ code: 'lunch', paid: false, maxSeconds: 1800, active: true, version: 1 });
    expect(await pauses.update(t, lunch.id, 1, { ...lunch, paid: true, active: false })).toMatchObject({ paid: true, active: false, version: 2 });
    await expect(pauses.update(t, lunch.id, 1, lunch)).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    await expect(pauses.create(t, { code: 'lunch', label: 'Again' })).rejects.toMatchObject({ code: 'RW_ERR_DUPLICATE', key: 'uq_pause_reason_code' });
    expect('delete' in pauses).toBe(false);

    const sale = await dispositions.create(t, { code: 'sale', label: 'Sale' });
    const noSale = await dispositions.create(t, { code: 'no-sale', label: 'No sale' });
    expect((await dispositions.list(t)).map((d) => d.code)).toEqual(['no-sale', 'sale']);
    expect(await dispositions.update(t, sale.id, 1, { code: 'sale', label: 'Sale', active: false })).toMatchObject({ active: false, version: 2 });
    await expect(dispositions.update(t, noSale.id, 5, noSale)).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', expectedVersion: 5, currentVersion: 1 });
    expect((await refusal(dispositions.create(t, { code: 'Sale!', label: 'x' })) as ValidationError).issues[0]?.path).toBe('code');
  });
});

describe('opening schedules and holiday calendars', () => {
  it('a week of intervals with a holiday calendar, stored and read back exactly; edits replace intervals under the version', async () => {
    const t = await newTenant('schedules');
    const cal = await calendars.create(t, {
      name: 'Berlin', holidays: [{ date: '2030-12-25', name: 'Christmas' }, { date: '2030-12-24', name: 'Christmas Eve', opensAt: '08:00', closesAt: '12:30' }],
    });
    expect(cal.holidays).toEqual([
      { date: '2030-12-24', name: 'Christmas Eve', opensAt: '08:00', closesAt: '12:30' },
      { date: '2030-12-25', name: 'Christmas', opensAt: null, closesAt: null },
    ]);
    const office = await schedules.create(t, {
      name: 'Office', timeZone: 'Europe/Berlin', holidayCalendarId: cal.id,
      intervals: [{ weekday: 5, opensAt: '09:00', closesAt: '24:00' }, { weekday: 1, opensAt: '13:00', closesAt: '17:00' }, { weekday: 1, opensAt: '08:00', closesAt: '12:00' }],
    });
    expect(office.intervals).toEqual([
      { weekday: 1, opensAt: '08:00', closesAt: '12:00' },
      { weekday: 1, opensAt: '13:00', closesAt: '17:00' },
      { weekday: 5, opensAt: '09:00', closesAt: '24:00' },
    ]);
    expect(await schedules.get(t, office.id)).toEqual(office);
    const edited = await schedules.update(t, office.id, 1, { ...office, holidayCalendarId: null, intervals: [{ weekday: 7, opensAt: '10:00', closesAt: '14:00' }] });
    expect(edited).toMatchObject({ version: 2, holidayCalendarId: null, intervals: [{ weekday: 7, opensAt: '10:00', closesAt: '14:00' }] });
    await expect(schedules.update(t, office.id, 1, office)).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    const calEdited = await calendars.update(t, cal.id, 1, { name: 'Berlin', holidays: [] });
    expect(calEdited).toMatchObject({ version: 2, holidays: [] });
    await expect(calendars.update(t, cal.id, 1, { name: 'x' })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await schedules.list(t)).map((s) => s.name)).toEqual(['Office']);
  });

  it('a calendar a schedule uses, and a schedule a call flow uses, cannot be deleted; bad hours are named', async () => {
    const t = await newTenant('schedule-refs');
    const cal = await calendars.create(t, { name: 'C' });
    const sch = await schedules.create(t, { name: 'S', timeZone: 'UTC', holidayCalendarId: cal.id });
    await expect(calendars.delete(t, cal.id, 1)).rejects.toMatchObject({ code: 'RW_ERR_IN_USE', message: expect.stringContaining('fk_opening_schedule_calendar') });
    await flows.create(t, { name: 'Hours', definition: { schemaVersion: 1, start: 'tc', steps: { tc: { type: 'time-condition', openingScheduleId: sch.id, open: 'bye', closed: 'bye' }, bye: { type: 'hangup' } } } });
    await expect(schedules.delete(t, sch.id, 1)).rejects.toThrow(`opening-schedule ${sch.id} is used by call flow "Hours"`);
    await expect(schedules.create(t, { name: 'Unknown calendar', timeZone: 'UTC', holidayCalendarId: '999999999' })).rejects.toThrow(
      'the opening schedule names rows that do not exist in this tenant: holiday-calendar 999999999',
    );
    const bad = await refusal(schedules.create(t, { name: 'Bad', timeZone: 'Europe/Nowhere', intervals: [{ weekday: 0, opensAt: '9:00', closesAt: '17:00' }] }));
    expect((bad as ValidationError).issues.map((i) => i.path)).toEqual(['timeZone', 'intervals.0.weekday', 'intervals.0.opensAt']);
  });
});

describe('writes with db-master unreachable', () => {
  it('fail with RW_ERR_DB_UNAVAILABLE (not-applied), nothing queued', async () => {
    // A pool pointing at a port nobody listens on: the same failure HAProxy reports with both masters down.
    const dead = createPool({ host: '127.0.0.1', port: 1, user: 'x', password: 'x', database: 'x', connectTimeout: 1000 });
    try {
      const offline = new SkillRepository(dead, new AdminWriteRunner(dead));
      const err = await refusal(offline.create('1', { name: 'never' }));
      expect(err).toBeInstanceOf(DbUnavailableError);
      expect(err).toMatchObject({ code: 'RW_ERR_DB_UNAVAILABLE', outcome: 'not-applied' });
      await expect(offline.list('1')).rejects.toMatchObject({ code: 'RW_ERR_DB_UNAVAILABLE' });
    } finally {
      await dead.end();
    }
  });
});
