/**
 * Formats ms since the epoch as a UTC `YYYY-MM-DD HH:MM:SS.mmm` string for a DATETIME(3)
 * column. Passing strings (not Date objects) keeps mysql2's and the session's time zone out of
 * the stored value.
 */
export function utcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
