/**
 * Typed storage keys. Paths on the share are built only from these, so no
 * user input reaches the share unchecked (no `..`, no absolute paths, no
 * separators or control characters inside a segment).
 */
export type TenantFileKind = 'prompts' | 'recordings' | 'voicemail' | 'faxes' | 'multichannel' | 'skins' | 'reports';
export type SystemFileKind = 'logs' | 'scripts' | 'config';

export type StorageKey =
  | { readonly scope: 'tenant'; readonly tenantId: number; readonly kind: TenantFileKind; readonly name: string; readonly dir?: readonly string[] }
  | { readonly scope: 'system'; readonly kind: SystemFileKind; readonly name: string; readonly dir?: readonly string[] };

export class StoragePathError extends Error {
  override readonly name = 'StoragePathError';
  readonly code = 'RW_ERR_STORAGE_PATH';
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Validates one path segment; throws with the offending value. */
export function checkSegment(segment: string): string {
  if (!SEGMENT.test(segment) || segment.includes('..')) {
    throw new StoragePathError(`invalid storage path segment ${JSON.stringify(segment)}`);
  }
  return segment;
}

/** Segments of a key's path relative to the share root. */
export function storageSegments(key: StorageKey): string[] {
  const dir = (key.dir ?? []).map(checkSegment);
  if (key.scope === 'tenant') {
    if (!Number.isInteger(key.tenantId) || key.tenantId <= 0) throw new StoragePathError(`invalid tenant id ${key.tenantId}`);
    return ['tenants', String(key.tenantId), key.kind, ...dir, checkSegment(key.name)];
  }
  return ['system', key.kind, ...dir, checkSegment(key.name)];
}
