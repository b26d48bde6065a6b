import { join } from 'node:path';

/**
 * Where a local cluster keeps its state: configs, data, sockets, logs, the
 * recorded processes and the generated secrets. One folder per cluster, so
 * two clusters on different ports never touch each other.
 */
export class StatePaths {
  constructor(readonly root: string) {
    // Unix sockets live under run/; their paths may not exceed 107 bytes.
    if (join(root, 'run', 'kamailio_ctl').length > 100) {
      throw new Error(`state dir ${root} is too deep: unix socket paths under it would exceed the 107-byte limit`);
    }
  }
  get conf(): string { return join(this.root, 'conf'); }
  get data(): string { return join(this.root, 'data'); }
  get run(): string { return join(this.root, 'run'); }
  get logs(): string { return join(this.root, 'logs'); }
  get tmp(): string { return join(this.root, 'tmp'); }
  get processTable(): string { return join(this.root, 'processes.json'); }
  get secrets(): string { return join(this.root, 'secrets.json'); }
  log(component: string): string { return join(this.logs, `${component}.log`); }
  confFile(name: string): string { return join(this.conf, name); }

  mariadb(name: string): { dataDir: string; socket: string; pidFile: string; tmpDir: string; config: string } {
    return {
      dataDir: join(this.data, 'mariadb', name),
      socket: join(this.run, `${name}.sock`),
      pidFile: join(this.run, `${name}.pid`),
      tmpDir: join(this.tmp, name),
      config: this.confFile(`${name}.cnf`),
    };
  }
  redisDir(name: string): string { return join(this.data, 'redis', name); }
  get sambaState(): string { return join(this.data, 'samba'); }
  get smbShare(): string { return join(this.data, 'smb-share'); }
  get haproxySocket(): string { return join(this.run, 'haproxy.sock'); }
  get kamailioRun(): string { return join(this.run, 'kamailio'); }
}
