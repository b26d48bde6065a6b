import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSambaConfig } from '@ringwell/storage';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { execCapture, tcpProbe } from '../cluster/probes.js';
import type { Component, ProbeResult } from './component.js';
import { ComponentError } from './component.js';

/** Creates the Unix account Samba maps the share user to, if it is missing. */
async function ensureUnixUser(user: string, logFile: string): Promise<void> {
  if ((await execCapture('id', ['-u', user])).code === 0) return;
  const add = await execCapture('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  if (add.code !== 0) throw new ComponentError('samba', `cannot create Unix user ${user}: ${add.stderr.trim()}`, logFile);
}

/** Samba serving the platform's file share (SMB2+, high port, all state under the cluster's state dir). */
export function sambaComponent(ctx: ClusterContext): Component {
  const s = ctx.topology.samba;
  return {
    name: 'samba',
    kind: 'samba',
    port: s.port,
    defaultRole: 'file storage',
    stage: 0,
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
    async prepare(c) {
      const log = c.paths.log('samba');
      const state = c.paths.sambaState;
      for (const d of ['private', 'lock', 'state', 'cache', 'pid', 'ncalrpc']) mkdirSync(join(state, d), { recursive: true });
      mkdirSync(c.paths.smbShare, { recursive: true });
      // Samba authenticates the share user against a Unix account of that name.
      await ensureUnixUser(s.user, log);
      const file = c.paths.confFile('smb.conf');
      writeFileSync(file, renderSambaConfig(s, { stateDir: state, sharePath: c.paths.smbShare, forceUser: 'root' }));
      const check = await execCapture('testparm', ['-s', file]);
      if (check.code !== 0) {
        writeFileSync(log, check.stderr, { flag: 'a' });
        throw new ComponentError('samba', `rendered smb.conf fails testparm: ${check.stderr.trim().split('\n').pop() ?? ''}`, log);
      }
      if (!existsSync(join(state, 'private', 'passdb.tdb'))) {
        const pw = c.secrets.smbPassword;
        const add = await execCapture('smbpasswd', ['-c', file, '-a', '-s', s.user], `${pw}\n${pw}\n`);
        if (add.code !== 0) throw new ComponentError('samba', `smbpasswd failed: ${add.stderr.trim()}`, log);
      }
    },
    spawnSpec(c) {
      // --no-process-group is safe only because the launcher already gave smbd its own session.
      return {
        command: 'smbd',
        args: ['--foreground', '--no-process-group', '--debug-stdout', '-s', c.paths.confFile('smb.conf')],
        logFile: c.paths.log('samba'),
      };
    },
    async probe(): Promise<ProbeResult> {
      return { up: await tcpProbe(s.host, s.port), role: 'file storage' };
    },
  };
}
