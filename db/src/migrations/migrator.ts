import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, RowDataPacket } from 'mysql2/promise';

/** Where the SQL migrations of this package live (db/migrations). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/** Thrown when an applied migration's file changed afterwards: history must not be rewritten. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  readonly code = 'RW_ERR_MIGRATION_CHECKSUM';
}

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_name.sql` files in version order; anything else in the folder is an error. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new Error(`migration file ${file} does not match NNN_name.sql`);
    const sql = await readFile(join(dir, file), 'utf8');
    migrations.push({ version: Number(m[1]), name: m[2] ?? file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  const versions = new Set<number>();
  for (const mig of migrations) {
    if (versions.has(mig.version)) throw new Error(`two migrations share version ${mig.version}`);
    versions.add(mig.version);
  }
  return migrations;
}

/**
 * Applies pending migrations through the given connection (db-master in a
 * cluster). A named lock keeps two migrators from racing; DDL in MariaDB is
 * not transactional, so each migration is recorded right after it succeeds.
 * The connection must allow multiple statements.
 */
export async function migrate(conn: Connection, migrations: readonly Migration[]): Promise<MigrationResult> {
  const [lockRows] = await conn.query<RowDataPacket[]>("SELECT GET_LOCK('ringwell_migrate', 60) AS got");
  if (lockRows[0]?.['got'] !== 1) throw new Error('could not take the migration lock within 60 s: another migrator is running');
  try {
    await conn.query(
      `CREATE TABLE IF NOT EXISTS schema_migration (
         version INT UNSIGNED NOT NULL PRIMARY KEY,
         name VARCHAR(200) NOT NULL,
         checksum CHAR(64) NOT NULL,
         applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
       ) ENGINE=InnoDB`,
    );
    const [rows] = await conn.query<RowDataPacket[]>('SELECT version, name, checksum FROM schema_migration');
    const applied = new Map<number, string>(rows.map((r) => [Number(r['version']), String(r['checksum'])]));
    const done: string[] = [];
    for (const mig of migrations) {
      const known = applied.get(mig.version);
      if (known !== undefined) {
        if (known !== mig.checksum) {
          throw new MigrationChecksumError(`migration ${mig.version}_${mig.name} changed after it was applied`);
        }
        continue;
      }
      await conn.query(mig.sql);
      await conn.execute('INSERT INTO schema_migration (version, name, checksum) VALUES (?, ?, ?)', [
        mig.version,
        mig.name,
        mig.checksum,
      ]);
      done.push(`${String(mig.version).padStart(3, '0')}_${mig.name}`);
    }
    return { applied: done, alreadyApplied: migrations.length - done.length };
  } finally {
    await conn.query("SELECT RELEASE_LOCK('ringwell_migrate')");
  }
}
