import type { AgentStateChange } from '@ringwell/acd';

/**
 * One agent state change in a tenant's ACD history stream (`rw:{tenant}:acd:history`), as one
 * stream field `j` holding a JSON array in a fixed column order. One field rather than eleven:
 * every routing script appends one entry per agent it changes, and a 23-argument XADD plus the
 * formatting of its columns in Lua was about a fifth of a script's time. The scripts build the
 * array themselves for offers (ids are restricted to [A-Za-z0-9_.-], so they need no escaping);
 * every other change is encoded here by the store and passed through untouched.
 *
 * Entries written before this format (eleven named fields) are still read by
 * `decodeHistoryEntry`, so a rolling upgrade loses nothing.
 */
export const HISTORY_ENTRY_FIELD = 'j';

/** Columns of the packed array, in the order encodeHistoryEntry writes them. */
const COLUMN_COUNT = 10;

/**
 * The domain's AgentStateChange with its enumerations widened to strings: a stream entry is
 * data from outside this process, checked by the statistics writer rather than trusted.
 */
export type HistoryEntry = {
  readonly [K in keyof AgentStateChange]: AgentStateChange[K] extends number ? number : null extends AgentStateChange[K] ? string | null : string;
};

export function encodeHistoryEntry(c: AgentStateChange): string {
  return JSON.stringify([c.agentId, c.from, c.fromSince, c.to, c.at, c.event, c.reason, c.pauseReason, c.callId, c.acdGroupId]);
}

/** A stream entry's fields (either format) as a change; throws on an entry that is neither. */
export function decodeHistoryEntry(tenantId: string, fields: Readonly<Record<string, string>>): HistoryEntry {
  const packed = fields[HISTORY_ENTRY_FIELD];
  const orNull = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
  if (packed === undefined) {
    // The eleven-field format of earlier versions.
    return {
      tenantId: fields['tenantId'] ?? tenantId,
      agentId: fields['agentId'] ?? '',
      from: fields['from'] ?? '',
      fromSince: Number(fields['fromSince']),
      to: fields['to'] ?? '',
      at: Number(fields['at']),
      event: fields['event'] ?? '',
      reason: fields['reason'] ?? '',
      pauseReason: orNull(fields['pauseReason']),
      callId: orNull(fields['callId']),
      acdGroupId: orNull(fields['acdGroupId']),
    };
  }
  const v: unknown = JSON.parse(packed);
  if (!Array.isArray(v) || v.length !== COLUMN_COUNT) throw new Error(`ACD history entry is not a ${COLUMN_COUNT}-column array: ${packed.slice(0, 120)}`);
  const [agentId, from, fromSince, to, at, event, reason, pauseReason, callId, acdGroupId] = v as unknown[];
  return {
    tenantId,
    agentId: String(agentId),
    from: String(from),
    fromSince: Number(fromSince),
    to: String(to),
    at: Number(at),
    event: String(event),
    reason: String(reason),
    pauseReason: orNull(pauseReason),
    callId: orNull(callId),
    acdGroupId: orNull(acdGroupId),
  };
}
