import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { TenantFileKind } from '../storage-path.js';

export type FileLocation = 'local' | 'share' | 'expired';

/** One tracked file (table `stored_file`, db/migrations/050_stored_files.sql). */
export interface StoredFile {
  readonly id: number;
  readonly tenantId: number;
  readonly kind: TenantFileKind;
  /** Relative path from `keyPath`. */
  readonly storageKey: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly location: FileLocation;
  readonly spoolNode: string;
  readonly uploadAttempts: number;
  readonly version: number;
  readonly uploadedAt: Date | null;
}

export interface NewLocalFile {
  readonly tenantId: number;
  readonly kind: TenantFileKind;
  readonly storageKey: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly spoolNode: string;
}

const COLUMNS = 'id, tenant_id, kind, storage_key, size_bytes, sha256, location, spool_node, upload_attempts, version, uploaded_at';

function toStoredFile(r: RowDataPacket): StoredFile {
  return {
    id: Number(r['id']),
    tenantId: Number(r['tenant_id']),
    kind: r['kind'] as TenantFileKind,
    storageKey: String(r['storage_key']),
    sizeBytes: Number(r['size_bytes']),
    sha256: String(r['sha256']),
    location: r['location'] as FileLocation,
    spoolNode: String(r['spool_node']),
    uploadAttempts: Number(r['upload_attempts']),
    version: Number(r['version']),
    uploadedAt: r['uploaded_at'] ? new Date(r['uploaded_at'] as string | Date) : null,
  };
}

/** Rows of `stored_file`, through db-master. Every statement is parameterised and carries the tenant where it can. */
export class StoredFileRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Records a file just written to a spool. Writing the same key again (a
   * re-recorded prompt) makes it local again with a new version, so an upload
   * still running for the old content cannot mark the new one uploaded.
   */
  async insertLocal(f: NewLocalFile): Promise<StoredFile> {
    await this.pool.execute<ResultSetHeader>(
      `INSERT INTO stored_file (tenant_id, kind, storage_key, size_bytes, sha256, location, spool_node)
       VALUES (?, ?, ?, ?, ?, 'local', ?)
       ON DUPLICATE KEY UPDATE size_bytes = VALUES(size_bytes), sha256 = VALUES(sha256), location = 'local',
         spool_node = VALUES(spool_node), upload_attempts = 0, last_error = NULL, uploaded_at = NULL, version = version + 1`,
      [f.tenantId, f.kind, f.storageKey, f.sizeBytes, f.sha256, f.spoolNode],
    );
    const row = await this.findByKey(f.tenantId, f.storageKey);
    if (!row) throw new Error(`stored_file row for ${f.storageKey} vanished right after insert`);
    return row;
  }

  async findById(id: number): Promise<StoredFile | null> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(`SELECT ${COLUMNS} FROM stored_file WHERE id = ?`, [id]);
    return rows[0] ? toStoredFile(rows[0]) : null;
  }

  async findByKey(tenantId: number, storageKey: string): Promise<StoredFile | null> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      `SELECT ${COLUMNS} FROM stored_file WHERE tenant_id = ? AND storage_key = ?`,
      [tenantId, storageKey],
    );
    return rows[0] ? toStoredFile(rows[0]) : null;
  }

  /** Points the row at the share; false when the row changed meanwhile (optimistic concurrency on `version`). */
  async markUploaded(id: number, version: number): Promise<boolean> {
    const [res] = await this.pool.execute<ResultSetHeader>(
      `UPDATE stored_file SET location = 'share', uploaded_at = CURRENT_TIMESTAMP(3), last_error = NULL, version = version + 1
       WHERE id = ? AND version = ? AND location = 'local'`,
      [id, version],
    );
    return res.affectedRows === 1;
  }

  async recordFailedAttempt(id: number, error: string): Promise<void> {
    await this.pool.execute('UPDATE stored_file SET upload_attempts = upload_attempts + 1, last_error = ? WHERE id = ?', [error.slice(0, 500), id]);
  }

  /** Files still waiting in a node's spool: the source of truth the upload sweep re-enqueues from. */
  async pendingOnNode(spoolNode: string, limit = 1000): Promise<StoredFile[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${COLUMNS} FROM stored_file WHERE location = 'local' AND spool_node = ? ORDER BY id LIMIT ?`,
      [spoolNode, limit],
    );
    return rows.map(toStoredFile);
  }

  /** Retention removed the file from the share. */
  async markExpired(tenantId: number, storageKey: string): Promise<void> {
    await this.pool.execute(
      `UPDATE stored_file SET location = 'expired', version = version + 1 WHERE tenant_id = ? AND storage_key = ? AND location = 'share'`,
      [tenantId, storageKey],
    );
  }
}
