import { z } from 'zod';

/** The Redis pub/sub channel every config cache listens on. System-wide: the message names the tenant. */
export const CONFIG_CHANGED_CHANNEL = 'rw:sys:config-changed';

export const CONFIG_ENTITIES = [
  'tenant',
  'acd-group',
  'agent',
  'skill',
  'call-flow',
  'phone-number',
  'pause-reason',
  'disposition-code',
  'prompt',
  'opening-schedule',
  'holiday-calendar',
] as const;

/** Which kind of admin row changed. */
export type ConfigEntity = (typeof CONFIG_ENTITIES)[number];

/**
 * One committed admin write. `version` is the row's new version (null: deleted);
 * `configVersion` is the tenant's config counter after the write, so a cache that already
 * holds that configuration (or newer) skips the reload.
 */
export interface ConfigChange {
  readonly tenantId: string;
  readonly entity: ConfigEntity;
  readonly id: string;
  readonly version: number | null;
  readonly configVersion: number;
}

const configChangeSchema = z.object({
  tenantId: z.string().regex(/^\d+$/),
  entity: z.enum(CONFIG_ENTITIES),
  id: z.string().min(1),
  version: z.number().int().positive().nullable(),
  configVersion: z.number().int().positive(),
});

/** Parses a pub/sub payload; null for anything malformed (a bad publisher must not stop the cache). */
export function parseConfigChange(payload: string): ConfigChange | null {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch (err) {
    void err; // not JSON: reported to the caller as "malformed" through the null result
    return null;
  }
  const parsed = configChangeSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Where committed admin writes are announced. Implemented over Redis pub/sub; faked in tests. */
export interface ConfigChangeNotifier {
  publish(change: ConfigChange): Promise<void>;
}
