import type { SambaModel } from '@ringwell/lb';

/** Directories Samba keeps its state in; all under the cluster's state dir locally. */
export interface SambaPaths {
  readonly stateDir: string;
  readonly sharePath: string;
  /**
   * Unix user smbd acts as on the share after authentication. The local cluster (which runs
   * as root) sets `root`: its share lives inside the clone, whose parent folders the share
   * user may not be allowed to traverse (a `mktemp -d` folder is 0700). Unset on hosts where
   * the share belongs to the share user.
   */
  readonly forceUser?: string;
}

/**
 * Renders smb.conf for the file storage share.
 * Async I/O is off: with it, the Node SMB2 clients failed at random with
 * STATUS_PENDING (shared/notes/local-cluster-facts.md).
 */
export function renderSambaConfig(samba: SambaModel, paths: SambaPaths): string {
  const d = paths.stateDir;
  return [
    '# Rendered by Ringwell from the cluster topology.',
    '[global]',
    '    server role = standalone server',
    `    smb ports = ${samba.port}`,
    `    interfaces = ${samba.host}`,
    '    bind interfaces only = yes',
    '    disable netbios = yes',
    '    server min protocol = SMB2_02',
    `    private dir = ${d}/private`,
    `    lock directory = ${d}/lock`,
    `    state directory = ${d}/state`,
    `    cache directory = ${d}/cache`,
    `    pid directory = ${d}/pid`,
    `    ncalrpc dir = ${d}/ncalrpc`,
    `    passdb backend = tdbsam:${d}/private/passdb.tdb`,
    '    map to guest = never',
    '    load printers = no',
    '    printing = bsd',
    '    printcap name = /dev/null',
    '    disable spoolss = yes',
    '    aio read size = 0',
    '    aio write size = 0',
    '    log level = 1',
    '',
    `[${samba.share}]`,
    `    path = ${paths.sharePath}`,
    '    read only = no',
    `    valid users = ${samba.user}`,
    ...(paths.forceUser ? [`    force user = ${paths.forceUser}`] : []),
    '    create mask = 0640',
    '    directory mask = 0750',
    '',
  ].join('\n');
}
