import { readFileSync } from 'node:fs';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { clusterStatus, clusterUp } from '../cluster/cluster.js';
import type { ProgressReporter } from '../cluster/cluster.js';
import { demoLogins } from '../cluster/schema.step.js';
import { ComponentError } from '../components/component.js';
import { seconds, statusTable, table } from '../output/format.js';

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(log file not readable)';
  }
}

/** `ringwell up`: start the cluster, show progress, then print what runs where. */
export async function upCommand(ctx: ClusterContext): Promise<number> {
  const t0 = Date.now();
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const reporter: ProgressReporter = {
    info: (m) => out(`[${seconds(Date.now() - t0).padStart(6)}] ${m}`),
    componentUp: (c, pid, took, already) =>
      out(`[${seconds(Date.now() - t0).padStart(6)}] ${c.name.padEnd(10)} ${c.kind.padEnd(16)} ${already ? 'already running' : `up in ${seconds(took)}`}  port ${c.port}  pid ${pid}`),
  };
  out(`Starting Ringwell cluster on ports ${ctx.options.basePort}..${ctx.options.basePort + 999}, state in ${ctx.paths.root}`);
  try {
    await clusterUp(ctx, reporter);
  } catch (err) {
    if (err instanceof ComponentError) {
      process.stderr.write(`\nringwell up failed: ${err.message}\nlog: ${err.logFile}\n--- last lines ---\n${tail(err.logFile, 15)}\n`);
    } else {
      process.stderr.write(`\nringwell up failed: ${(err as Error).message}\n`);
    }
    process.stderr.write('Components started so far keep running; `ringwell status` shows them, `ringwell down` stops them.\n');
    return 1;
  }
  const t = ctx.topology;
  const h = t.haproxy;
  out(`\nRingwell is up in ${seconds(Date.now() - t0)}.\n`);
  out(
    table(
      ['WHAT', 'WHERE'],
      [
        ['Web (portal, wallboard, admin)', `http://${h.host}:${h.webPort}/  (sticky over ${t.webServers.map((w) => w.name).join(', ')})`],
        ['HAProxy statistics', `http://${h.host}:${h.statsPort}/`],
        ['SIP proxy (Kamailio)', `sip:${t.kamailio.host}:${t.kamailio.sipPort} (udp, tcp)`],
        ['DB master / stats / report', `${h.host}:${h.dbMasterPort} / ${h.dbStatsPort} / ${h.dbReportPort}  (user ${t.mariadb.appUser}, db ${t.mariadb.database})`],
        ['Redis Sentinels', `${t.redis.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}  (master name ${t.redis.masterName})`],
        ['SMB share', `\\\\${h.host}\\${t.samba.share} on port ${h.smbPort}  (user ${t.samba.user})`],
        ['Secrets', ctx.paths.secrets],
        ['Logs', ctx.paths.logs],
      ],
    ),
  );
  out('\nDemo tenant "demo" logins:');
  out(table(['LOGIN', 'ROLE', 'PASSWORD'], demoLogins(ctx).map((l) => [l.login, l.role, l.password])));
  out(`\n${statusTable(await clusterStatus(ctx))}`);
  out('\nConnect your own tools with: eval "$(./ringwell env)"');
  return 0;
}
