const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

// The date part of the last day formatted. A batch's times fall on one or two days, so this
// cache turns the per-value `Date#toISOString` (~0.7 µs, called 2-3 times per event on the
// ingest path) into integer arithmetic (~0.08 µs).
let cachedDay = Number.NaN;
let cachedDate = '';

/**
 * Formats ms since the epoch as a UTC `YYYY-MM-DD HH:MM:SS.mmm` string for a DATETIME(3)
 * column. Passing strings (not Date objects) keeps mysql2's and the session's time zone out of
 * the stored value. Same output as `toISOString` with the `T` and `Z` taken out.
 */
export function utcDateTime(ms: number): string {
  if (!Number.isSafeInteger(ms)) return viaIsoString(ms);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${cachedDate} ${PAD2[h] ?? ''}:${PAD2[m] ?? ''}:${PAD2[s] ?? ''}.${PAD3[rest - s * 1000] ?? ''}`;
}

function viaIsoString(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
