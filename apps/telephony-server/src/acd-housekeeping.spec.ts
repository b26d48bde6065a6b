import { AcdStoreError } from '@ringwell/acd-redis';
import type { Offer } from '@ringwell/acd-redis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AcdHousekeeping } from './acd-housekeeping.js';
import type { HousekeepingStore, TenantSource } from './acd-housekeeping.js';

const silent = pino({ level: 'silent' });
const offer = (callId: string): Offer => ({ callId, agentIds: ['a1'] });

function fakeStore(overrides: Partial<HousekeepingStore> = {}): HousekeepingStore & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    expireOffers: async (t, now) => (calls.push(`offers:${t}:${now}`), []),
    expireWrapUps: async (t, now, grace) => (calls.push(`wrapups:${t}:${now}:${grace}`), []),
    routePass: async (t, now, budget) => (calls.push(`route:${t}:${now}:${budget}`), []),
    ...overrides,
  };
}
const tenants = (...ids: string[]): TenantSource => ({ smembers: async () => ids });

describe('AcdHousekeeping', () => {
  it('runs every step for every tenant with the configured grace and budget', async () => {
    const store = fakeStore();
    const hk = new AcdHousekeeping(store, tenants('t1', 't2'), silent, { intervalMs: 1000, wrapUpGraceMs: 7000, routeBudget: 50 });
    const r = await hk.pass(123);
    expect(r.tenants).toBe(2);
    expect(store.calls).toEqual([
      'offers:t1:123', 'wrapups:t1:123:7000', 'route:t1:123:50',
      'offers:t2:123', 'wrapups:t2:123:7000', 'route:t2:123:50',
    ]);
  });

  it('collects the offers each step made', async () => {
    const store = fakeStore({ expireOffers: async () => [offer('c1')], routePass: async () => [offer('c2')] });
    const r = await new AcdHousekeeping(store, tenants('t1'), silent).pass(1);
    expect(r.offers.map((o) => o.callId)).toEqual(['c1', 'c2']);
  });

  it('skips a tenant another server settled first, without counting it failed', async () => {
    const store = fakeStore({ expireOffers: async (t) => { if (t === 't1') throw new AcdStoreError('RW_ERR_ACD_CONFLICT', 'moved on'); return []; } });
    const r = await new AcdHousekeeping(store, tenants('t1', 't2'), silent).pass(1);
    expect(r.failedTenants).toBe(0);
    expect(store.calls.some((c) => c.startsWith('route:t2'))).toBe(true);
  });

  it('goes on with the other tenants when one fails, and never throws on an outage', async () => {
    const store = fakeStore({ expireWrapUps: async (t) => { if (t === 't1') throw new Error('ECONNRESET'); return []; } });
    const r = await new AcdHousekeeping(store, tenants('t1', 't2'), silent).pass(1);
    expect(r.failedTenants).toBe(1);
    expect(store.calls).toContain('route:t2:1:1000');
    const down: TenantSource = { smembers: async () => { throw new Error('Connection is closed.'); } };
    await expect(new AcdHousekeeping(store, down, silent).pass(1)).resolves.toEqual({ tenants: 0, offers: [], failedTenants: 0 });
  });
});
