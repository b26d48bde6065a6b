import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Credentials of a local cluster. Generated on first `up` into the state dir
 * (mode 0600), never in the repo; production hosts get theirs from Ansible vars.
 */
export interface ClusterSecrets {
  readonly dbAppPassword: string;
  readonly dbReplicationPassword: string;
  readonly redisPassword: string;
  readonly smbPassword: string;
  readonly demoPassword: string;
}

const token = (bytes: number): string => randomBytes(bytes).toString('hex');

export function loadOrCreateSecrets(file: string): ClusterSecrets {
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ClusterSecrets>;
    const keys: Array<keyof ClusterSecrets> = ['dbAppPassword', 'dbReplicationPassword', 'redisPassword', 'smbPassword', 'demoPassword'];
    for (const k of keys) {
      if (typeof parsed[k] !== 'string' || parsed[k] === '') throw new Error(`${file} lacks ${k}; delete the state dir or fix the file`);
    }
    return parsed as ClusterSecrets;
  }
  const secrets: ClusterSecrets = {
    dbAppPassword: token(16),
    dbReplicationPassword: token(16),
    redisPassword: token(16),
    smbPassword: token(12),
    demoPassword: `demo-${token(4)}`,
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
