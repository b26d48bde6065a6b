import { StoragePathError } from './errors/storage.errors.js';

export { StoragePathError } from './errors/storage.errors.js';

/**
 * Typed storage keys. Paths on the share are built only from these, so no
 * user input reaches the share unchecked (no `..`, no absolute paths, no
 * separators or control characters inside a segment). Layout (docs/storage.md):
 * `tenants/<id>/<kind>/...` and `system/<kind>/...`.
 */
export const TENANT_FILE_KINDS = ['prompts', 'recordings', 'voicemail', 'faxes', 'multichannel', 'skins', 'reports'] as const;
export const SYSTEM_FILE_KINDS = ['logs', 'scripts', 'config'] as const;
export type TenantFileKind = (typeof TENANT_FILE_KINDS)[number];
export type SystemFileKind = (typeof SYSTEM_FILE_KINDS)[number];

export type StorageKey =
  | { readonly scope: 'tenant'; readonly tenantId: number; readonly kind: TenantFileKind; readonly name: string; readonly dir?: readonly string[] }
  | { readonly scope: 'system'; readonly kind: SystemFileKind; readonly name: string; readonly dir?: readonly string[] };

/** A key inside a tenant's folder. */
export type TenantStorageKey = Extract<StorageKey, { readonly scope: 'tenant' }>;

/** A directory to list: a tenant's or the system's kind folder (optionally deeper), or `tenants/` itself. */
export type StorageDirKey =
  | { readonly scope: 'tenant'; readonly tenantId: number; readonly kind: TenantFileKind; readonly dir?: readonly string[] }
  | { readonly scope: 'system'; readonly kind: SystemFileKind; readonly dir?: readonly string[] }
  | { readonly scope: 'tenants' };

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Validates one path segment; throws with the offending value. */
export function checkSegment(segment: string): string {
  if (typeof segment !== 'string' || !SEGMENT.test(segment) || segment.includes('..')) {
    throw new StoragePathError(`invalid storage path segment ${JSON.stringify(segment)}`);
  }
  return segment;
}

/** True for names a key can address; temporary upload names (`.rw-part-*`) are not. */
export function isKeyName(name: string): boolean {
  return SEGMENT.test(name) && !name.includes('..');
}

function checkTenant(tenantId: number): string {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new StoragePathError(`invalid tenant id ${String(tenantId)}`);
  return String(tenantId);
}

// Keys may arrive as JSON (job data, API payloads): the kind is checked at run time too.
function checkKind(scope: 'tenant' | 'system', kind: string): string {
  const kinds: readonly string[] = scope === 'tenant' ? TENANT_FILE_KINDS : SYSTEM_FILE_KINDS;
  if (!kinds.includes(kind)) throw new StoragePathError(`invalid ${scope} file kind ${JSON.stringify(kind)}`);
  return kind;
}

/** Segments of a directory relative to the share root. */
export function dirSegments(dir: StorageDirKey): string[] {
  if (dir.scope === 'tenants') return ['tenants'];
  const sub = (dir.dir ?? []).map(checkSegment);
  if (dir.scope === 'tenant') return ['tenants', checkTenant(dir.tenantId), checkKind('tenant', dir.kind), ...sub];
  if (dir.scope === 'system') return ['system', checkKind('system', dir.kind), ...sub];
  throw new StoragePathError(`invalid storage scope ${JSON.stringify((dir as { scope: unknown }).scope)}`);
}

/** Segments of a key's path relative to the share root. */
export function storageSegments(key: StorageKey): string[] {
  if (key.scope !== 'tenant' && key.scope !== 'system') {
    throw new StoragePathError(`invalid storage scope ${JSON.stringify((key as { scope: unknown }).scope)}`);
  }
  return [...dirSegments(key), checkSegment(key.name)];
}

/** The key as one `/`-separated relative path: the form stored in the database (`stored_file.storage_key`). */
export function keyPath(key: StorageKey): string {
  return storageSegments(key).join('/');
}

/** Parses a relative path written by `keyPath` back into a key, validating every part. */
export function parseKeyPath(path: string): StorageKey {
  const segs = path.split('/');
  const [root, ...rest] = segs;
  if (root === 'tenants') {
    const [id, kind, ...tail] = rest;
    const name = tail.pop();
    if (id === undefined || kind === undefined || name === undefined || !/^[1-9][0-9]{0,15}$/.test(id)) {
      throw new StoragePathError(`invalid storage path ${JSON.stringify(path)}`);
    }
    const key: StorageKey = { scope: 'tenant', tenantId: Number(id), kind: checkKind('tenant', kind) as TenantFileKind, dir: tail, name };
    storageSegments(key);
    return key;
  }
  if (root === 'system') {
    const [kind, ...tail] = rest;
    const name = tail.pop();
    if (kind === undefined || name === undefined) throw new StoragePathError(`invalid storage path ${JSON.stringify(path)}`);
    const key: StorageKey = { scope: 'system', kind: checkKind('system', kind) as SystemFileKind, dir: tail, name };
    storageSegments(key);
    return key;
  }
  throw new StoragePathError(`invalid storage path ${JSON.stringify(path)}`);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Recordings are filed by UTC day, `recordings/<yyyy>/<mm>/<dd>/<name>`, so a day's folder stays small. */
export function recordingKey(tenantId: number, at: Date, name: string): TenantStorageKey {
  return {
    scope: 'tenant',
    tenantId,
    kind: 'recordings',
    dir: [String(at.getUTCFullYear()), pad2(at.getUTCMonth() + 1), pad2(at.getUTCDate())],
    name,
  };
}
