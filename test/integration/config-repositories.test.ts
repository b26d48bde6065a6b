import type { ResultSetHeader } from 'mysql2/promise';
import type { AcdGroupRouting } from '@ringwell/acd';
import {
  AcdGroupRepository,
  AdminWriteRunner,
  CallFlowRepository,
  createDbPools,
  DuplicateError,
  InvalidReferenceError,
  NotFoundError,
  PhoneNumberRepository,
  TenantRepository,
  toAcdGroupRouting,
  ValidationError,
  VersionConflictError,
} from '@ringwell/db';
import type { ConfigChange, DbPools } from '@ringwell/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';
import { TestTenants } from '../src/test-tenants.js';

const ctx = testCluster();
let pools: DbPools;
const published: ConfigChange[] = [];
let writes: AdminWriteRunner;
let groups: AcdGroupRepository;
let flows: CallFlowRepository;
let numbers: PhoneNumberRepository;
let tenants: TenantRepository;
let tenantsUnderTest: TestTenants;
const newTenant = (label: string): Promise<string> => tenantsUnderTest.create(label);

beforeAll(() => {
  pools = createDbPools(ctx.dataTier, 4);
  tenantsUnderTest = new TestTenants(pools.master, 'repo');
  writes = new AdminWriteRunner(pools.master, { publish: async (c) => void published.push(c) });
  groups = new AcdGroupRepository(pools.master, writes);
  flows = new CallFlowRepository(pools.master, writes);
  numbers = new PhoneNumberRepository(pools.master, writes);
  tenants = new TenantRepository(pools.master, writes);
});

afterAll(async () => {
  await tenantsUnderTest.removeAll();
  await pools.end();
});

describe('admin repositories with optimistic concurrency (real MariaDB through db-master)', () => {
  it('two admins editing the same ACD group: one wins, the other gets RW_ERR_VERSION_CONFLICT with the current version', async () => {
    const t = await newTenant('conflict');
    const created = await groups.create(t, { name: 'Sales', strategy: 'skills-based', skillRelaxation: [{ afterSeconds: 30, relaxBy: 1 }] });
    expect(created.version).toBe(1);
    // Both read version 1 and save at the same time.
    const results = await Promise.allSettled([
      groups.update(t, created.id, 1, { ...created, name: 'Sales A', wrapUpSeconds: 10 }),
      groups.update(t, created.id, 1, { ...created, name: 'Sales B', wrapUpSeconds: 20 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = lost[0]?.reason as VersionConflictError;
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', httpStatus: 409, expectedVersion: 1, currentVersion: 2, entity: 'acd-group' });
    // The winner's edit is what is stored, whole: nothing of the loser leaked in.
    const stored = await groups.get(t, created.id);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<AcdGroupRepository['get']>>>).value;
    expect(stored).toEqual(winner);
    expect([['Sales A', 10], ['Sales B', 20]]).toContainEqual([stored.name, stored.wrapUpSeconds]);
    // Retrying with the current version succeeds.
    expect((await groups.update(t, created.id, err.currentVersion, { ...stored, priority: 3 })).version).toBe(3);
  });

  it('a stale delete conflicts too; a deleted row is not found', async () => {
    const t = await newTenant('delete');
    const g = await groups.create(t, { name: 'Support' });
    await groups.update(t, g.id, 1, { ...g, ringTimeoutSeconds: 15 });
    await expect(groups.delete(t, g.id, 1)).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    await groups.delete(t, g.id, 2);
    await expect(groups.get(t, g.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(groups.update(t, g.id, 2, g)).rejects.toMatchObject({ code: 'RW_ERR_NOT_FOUND' });
  });

  it('stores every ACD group setting the domain needs and maps to AcdGroupRouting', async () => {
    const t = await newTenant('settings');
    const backup = await groups.create(t, { name: 'Backup' });
    const [skill] = await pools.master.execute<ResultSetHeader>("INSERT INTO skill (tenant_id, name) VALUES (?, 'german')", [t]);
    const g = await groups.create(t, {
      name: 'Front',
      strategy: 'round-robin',
      ringTimeoutSeconds: 25,
      wrapUpSeconds: 30,
      maxWaitSeconds: 300,
      maxQueueLength: 20,
      overflow: { type: 'acd-group', acdGroupId: backup.id },
      announcements: { announcePosition: true, announceEstimatedWait: true, positionIntervalSeconds: 60 },
      serviceLevelThresholdSeconds: 15,
      serviceLevelVariant: 'short-abandons-ignored',
      shortAbandonSeconds: 8,
      recordingEnabled: true,
      priority: 2,
      skillRelaxation: [{ afterSeconds: 60, relaxBy: 2 }, { afterSeconds: 20, relaxBy: 1 }],
      requiredSkills: [{ skillId: String(skill.insertId), level: 4 }],
    });
    expect(g).toMatchObject({
      strategy: 'round-robin', ringTimeoutSeconds: 25, wrapUpSeconds: 30, maxWaitSeconds: 300, maxQueueLength: 20,
      overflow: { type: 'acd-group', acdGroupId: backup.id },
      announcements: { musicOnHoldPromptId: null, periodicPromptId: null, announcePosition: true, announceEstimatedWait: true, positionIntervalSeconds: 60 },
      serviceLevelThresholdSeconds: 15, serviceLevelVariant: 'short-abandons-ignored', shortAbandonSeconds: 8, recordingEnabled: true, priority: 2,
      skillRelaxation: [{ afterSeconds: 20, relaxBy: 1 }, { afterSeconds: 60, relaxBy: 2 }],
      requiredSkills: [{ skillId: String(skill.insertId), level: 4 }],
    });
    // Compile-time: the stored model is exactly what the pure ACD router takes.
    const routing: AcdGroupRouting = toAcdGroupRouting(g);
    expect(routing).toEqual({ acdGroupId: g.id, strategy: 'round-robin', skillRelaxation: g.skillRelaxation });
  });

  it('every method is scoped by tenant: another tenant sees and edits nothing, and cannot reference across', async () => {
    const a = await newTenant('scope-a');
    const b = await newTenant('scope-b');
    const groupOfA = await groups.create(a, { name: 'A only' });
    await expect(groups.get(b, groupOfA.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(groups.update(b, groupOfA.id, 1, { name: 'hijack' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(groups.delete(b, groupOfA.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    expect(await groups.list(b)).toEqual([]);
    // B's group may not overflow into A's (composite foreign key).
    await expect(groups.create(b, { name: 'B', maxWaitSeconds: 60, overflow: { type: 'acd-group', acdGroupId: groupOfA.id } })).rejects.toBeInstanceOf(
      InvalidReferenceError,
    );
    // B's flow may not name A's group (checked by the repository: JSON has no foreign keys).
    await expect(
      flows.create(b, { name: 'f', definition: { schemaVersion: 1, start: 'q', steps: { q: { type: 'acd-group', acdGroupId: groupOfA.id } } } }),
    ).rejects.toThrow(/acd-group .* do not exist|acd-group/);
    await expect(groups.create('999999999', { name: 'ghost' })).rejects.toMatchObject({ code: 'RW_ERR_NOT_FOUND', entity: 'tenant' });
  });

  it('invalid input is refused at the boundary with the field named', async () => {
    const t = await newTenant('validation');
    const err = await groups.create(t, { name: '', strategy: 'hunt', ringTimeoutSeconds: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'strategy', 'ringTimeoutSeconds']));
    await groups.create(t, { name: 'Dup' });
    await expect(groups.create(t, { name: 'Dup' })).rejects.toMatchObject({ code: 'RW_ERR_DUPLICATE', key: 'uq_acd_group_name' });
  });

  it('call flows: each save is a new revision under the flow version; numbers route to them', async () => {
    const t = await newTenant('flows');
    const q = await groups.create(t, { name: 'Q' });
    const v1 = { schemaVersion: 1, start: 'q', steps: { q: { type: 'acd-group', acdGroupId: q.id } } };
    const flow = await flows.create(t, { name: 'Main', definition: v1 });
    expect(flow).toMatchObject({ version: 1, activeRevision: 1 });
    const v2 = { schemaVersion: 1, start: 'q', steps: { q: { type: 'acd-group', acdGroupId: q.id, overflow: 'vm' }, vm: { type: 'voicemail', voicemailBox: 'main' } } };
    const saved = await flows.update(t, flow.id, 1, { name: 'Main', definition: v2 });
    expect(saved).toMatchObject({ version: 2, activeRevision: 2 });
    expect(saved.definition.steps['vm']).toEqual({ type: 'voicemail', voicemailBox: 'main' });
    expect((await flows.revision(t, flow.id, 1)).steps['vm']).toBeUndefined();
    await expect(flows.update(t, flow.id, 1, { name: 'Main', definition: v1 })).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    await expect(flows.update(t, flow.id, 2, { name: 'Main', definition: { ...v2, start: 'nowhere' } })).rejects.toBeInstanceOf(ValidationError);

    const number = `+4930${Math.floor(1e6 + Math.random() * 8e6)}`;
    const n = await numbers.create(t, { number, callFlowId: flow.id });
    expect(n).toMatchObject({ number, callFlowId: flow.id, version: 1 });
    const other = await newTenant('flows-other');
    await expect(numbers.create(other, { number })).rejects.toBeInstanceOf(DuplicateError);
    await expect(numbers.update(other, n.id, 1, { number })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('seat limit is modelled on the tenant under its own version; every write bumps config_version and is announced', async () => {
    const t = await newTenant('seats');
    const before = await tenants.get(t);
    expect(before).toMatchObject({ seatLimit: 10, version: 1 });
    const after = await tenants.update(t, 1, { name: 'Seats', seatLimit: 42 });
    expect(after).toMatchObject({ seatLimit: 42, version: 2 });
    expect(after.configVersion).toBeGreaterThan(before.configVersion);
    await expect(tenants.update(t, 1, { name: 'x', seatLimit: 1 })).rejects.toMatchObject({ code: 'RW_ERR_VERSION_CONFLICT', currentVersion: 2 });
    expect(published.at(-1)).toEqual({ tenantId: t, entity: 'tenant', id: t, version: 2, configVersion: after.configVersion });
  });
});
