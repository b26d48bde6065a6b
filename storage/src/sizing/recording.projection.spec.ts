import { describe, expect, it } from 'vitest';
import { bytesForRecordedHours, projectRecordings } from './recording.projection.js';

describe('recording projection', () => {
  it('turns the recent rate into recorded hours at 110 MB/h and projects it', () => {
    const p = projectRecordings(7 * 2 * 110e6, 7, [30]);
    expect(p.bytesPerDay).toBe(220e6);
    expect(p.hoursPerDay).toBeCloseTo(2);
    expect(p.growth).toEqual([{ days: 30, bytes: 30 * 220e6 }]);
    expect(bytesForRecordedHours(10)).toBe(1.1e9);
  });
});
