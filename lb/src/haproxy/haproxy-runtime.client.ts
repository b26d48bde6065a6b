import { connect } from 'node:net';
import { HAPROXY_PROXIES, MASTER_SERVER_IDS } from './haproxy-config.renderer.js';

/** One server row of `show stat`. */
export interface HaproxyServerStat {
  readonly proxy: string;
  readonly server: string;
  /** HAProxy's status text: UP, DOWN, MAINT, "UP 1/2", no check, ... */
  readonly status: string;
  readonly isBackup: boolean;
  readonly serverId: number;
  readonly currentSessions: number;
  readonly totalSessions: number;
}

/**
 * Client for HAProxy's runtime API on its admin unix socket. Each command
 * opens a connection, sends one line and reads until HAProxy closes it.
 */
export class HaproxyRuntimeClient {
  constructor(
    private readonly socketPath: string,
    private readonly timeoutMs = 2000,
  ) {}

  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.socketPath);
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`HAProxy runtime API did not answer "${line}" within ${this.timeoutMs} ms (${this.socketPath})`));
      }, this.timeoutMs);
      socket.on('connect', () => socket.end(`${line}\n`));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`HAProxy runtime API unreachable at ${this.socketPath}: ${err.message}`));
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
  }

  async showStat(): Promise<HaproxyServerStat[]> {
    return parseShowStat(await this.command('show stat'));
  }

  /**
   * The master that db_master sends connections to now: the one pinned in the
   * stick table, else the first healthy non-backup server, else a healthy backup.
   */
  async activeMaster(): Promise<'m1' | 'm2' | null> {
    const [table, stats] = await Promise.all([this.command(`show table ${HAPROXY_PROXIES.dbMaster}`), this.showStat()]);
    return decideActiveMaster(table, stats);
  }
}

/** Parses the CSV of `show stat` into server rows (frontends and backends left out). */
export function parseShowStat(csv: string): HaproxyServerStat[] {
  const lines = csv.split('\n').filter((l) => l.length > 0);
  const header = lines[0];
  if (!header?.startsWith('# ')) throw new Error('unexpected "show stat" output: no CSV header');
  const cols = header.slice(2).split(',');
  const idx = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`"show stat" output has no column ${name}`);
    return i;
  };
  const [px, sv, st, bck, sid, scur, stot] = ['pxname', 'svname', 'status', 'bck', 'sid', 'scur', 'stot'].map(idx) as [
    number, number, number, number, number, number, number,
  ];
  const rows: HaproxyServerStat[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const server = f[sv] ?? '';
    if (server === 'FRONTEND' || server === 'BACKEND') continue;
    rows.push({
      proxy: f[px] ?? '',
      server,
      status: f[st] ?? '',
      isBackup: f[bck] === '1',
      serverId: Number(f[sid] ?? 0),
      currentSessions: Number(f[scur] ?? 0),
      totalSessions: Number(f[stot] ?? 0),
    });
  }
  return rows;
}

/** Whether HAProxy's status text means the server takes traffic. */
export function isServerUp(status: string): boolean {
  return status === 'UP' || status.startsWith('UP ') || status === 'no check';
}

/** Pure decision behind {@link HaproxyRuntimeClient.activeMaster}; see there. */
export function decideActiveMaster(showTable: string, stats: readonly HaproxyServerStat[]): 'm1' | 'm2' | null {
  const pinned = /server_id=(\d+)/.exec(showTable);
  if (pinned) {
    const id = Number(pinned[1]);
    const name = (Object.keys(MASTER_SERVER_IDS) as Array<'m1' | 'm2'>).find((n) => MASTER_SERVER_IDS[n] === id);
    if (name) return name;
  }
  const masters = stats.filter((s) => s.proxy === HAPROXY_PROXIES.dbMaster && isServerUp(s.status));
  const chosen = masters.find((s) => !s.isBackup) ?? masters.find((s) => s.isBackup);
  return chosen?.server === 'm1' || chosen?.server === 'm2' ? chosen.server : null;
}
