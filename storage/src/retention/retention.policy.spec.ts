import { describe, expect, it } from 'vitest';
import { isExpired, retentionCutoff } from './retention.policy.js';

describe('retention policy', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const rule = { tenantId: 1, kind: 'recordings' as const, keepDays: 30 };

  it('expires exactly what is older than keepDays', () => {
    const cutoff = retentionCutoff(rule, now);
    expect(cutoff.toISOString()).toBe('2026-10-24T12:00:00.000Z');
    expect(isExpired({ modifiedAt: new Date('2026-10-24T11:59:59.999Z') }, cutoff)).toBe(true);
    expect(isExpired({ modifiedAt: new Date('2026-10-24T12:00:00.000Z') }, cutoff)).toBe(false);
  });

  it('refuses a rule that would delete everything', () => {
    expect(() => retentionCutoff({ ...rule, keepDays: 0 }, now)).toThrow(RangeError);
    expect(() => retentionCutoff({ ...rule, keepDays: 1.5 }, now)).toThrow(RangeError);
  });
});
