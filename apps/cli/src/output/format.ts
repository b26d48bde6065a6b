import type { ComponentStatus } from '../cluster/cluster.js';

/** Renders rows as an aligned plain-text table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function statusTable(rows: readonly ComponentStatus[]): string {
  return table(
    ['COMPONENT', 'KIND', 'STATUS', 'ROLE', 'PORT', 'PID'],
    rows.map((r) => [r.name, r.kind, r.status, r.role, String(r.port), r.pid === null ? '-' : String(r.pid)]),
  );
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
