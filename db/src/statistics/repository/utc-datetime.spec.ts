import { describe, expect, it } from 'vitest';
import { utcDateTime } from './utc-datetime.js';

const viaIso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

describe('utcDateTime', () => {
  it('formats as toISOString does, without T and Z', () => {
    expect(utcDateTime(Date.UTC(2031, 0, 1, 9, 5, 7, 42))).toBe('2031-01-01 09:05:07.042');
  });

  it('matches toISOString across days, leap days and the ends of the accepted range', () => {
    const edges = [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31), -1];
    for (const ms of edges) expect(utcDateTime(ms)).toBe(viaIso(ms));
    // Alternating between days exercises the cached date part.
    for (let ms = Date.UTC(2031, 0, 1); ms < Date.UTC(2031, 0, 4); ms += 3_607_919) {
      expect(utcDateTime(ms)).toBe(viaIso(ms));
      expect(utcDateTime(ms + 86_400_000)).toBe(viaIso(ms + 86_400_000));
    }
  });

  it('truncates fractional milliseconds as toISOString does', () => {
    expect(utcDateTime(1.9)).toBe('1970-01-01 00:00:00.001');
  });
});
