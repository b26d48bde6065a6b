/** jtel's planning figure: one recorded hour takes about 110 MB. */
export const RECORDING_MB_PER_HOUR = 110;

export interface RecordingProjection {
  /** Recorded bytes per day over the sample window. */
  readonly bytesPerDay: number;
  /** The same as recorded hours per day at the planning figure. */
  readonly hoursPerDay: number;
  /** Growth after each horizon at the current rate. */
  readonly growth: ReadonlyArray<{ readonly days: number; readonly bytes: number }>;
}

/** Projects recording growth from the bytes recorded over the last `windowDays` days. */
export function projectRecordings(recentBytes: number, windowDays: number, horizons: readonly number[] = [30, 90, 365]): RecordingProjection {
  if (!(windowDays > 0)) throw new RangeError(`windowDays must be positive, got ${windowDays}`);
  const bytesPerDay = recentBytes / windowDays;
  return {
    bytesPerDay,
    hoursPerDay: bytesPerDay / (RECORDING_MB_PER_HOUR * 1e6),
    growth: horizons.map((days) => ({ days, bytes: bytesPerDay * days })),
  };
}

/** Bytes needed for a given number of recorded hours (planning: seats x hours x recorded share). */
export function bytesForRecordedHours(hours: number): number {
  return hours * RECORDING_MB_PER_HOUR * 1e6;
}
