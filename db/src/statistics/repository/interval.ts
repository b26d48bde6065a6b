/** Statistics intervals are 15 minutes, aligned to the hour (UTC). */
export const INTERVAL_MS = 15 * 60 * 1000;

/** The start of the interval that holds `ms`. */
export function intervalStart(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}
