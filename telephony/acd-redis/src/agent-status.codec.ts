import type { AgentStatus } from '@ringwell/acd';

/**
 * AgentStatus <-> the flat Redis hash the Lua scripts read and write. Optional parts are
 * absent fields (never empty strings), so a script can test them with a plain HGET.
 */
export function encodeAgentStatus(s: AgentStatus): Record<string, string> {
  const f: Record<string, string> = {
    state: s.state,
    v: String(s.version),
    since: String(s.since),
    missed: String(s.consecutiveMissedOffers),
  };
  if (s.lastOfferAt !== null) f['lastOfferAt'] = String(s.lastOfferAt);
  switch (s.state) {
    case 'available':
      f['idleSince'] = String(s.idleSince);
      break;
    case 'offered':
      f['idleSince'] = String(s.idleSince);
      Object.assign(f, busyFields(s));
      break;
    case 'on-call':
      Object.assign(f, busyFields(s));
      break;
    case 'wrap-up':
      Object.assign(f, busyFields(s));
      f['wrapUpEndsAt'] = String(s.wrapUpEndsAt);
      break;
    case 'paused':
      f['pauseReason'] = s.pauseReason;
      break;
    case 'logged-out':
      break;
  }
  return f;
}

function busyFields(s: Extract<AgentStatus, { state: 'offered' | 'on-call' | 'wrap-up' }>): Record<string, string> {
  const f: Record<string, string> = { callId: s.call.callId, acdGroupId: s.call.acdGroupId };
  if (s.pendingPause !== null) f['pendingPause'] = s.pendingPause;
  return f;
}

const num = (h: Record<string, string>, k: string): number => {
  const v = Number(h[k]);
  if (h[k] === undefined || !Number.isFinite(v)) throw new Error(`agent hash field ${k} missing or not a number`);
  return v;
};
const str = (h: Record<string, string>, k: string): string => {
  const v = h[k];
  if (v === undefined) throw new Error(`agent hash field ${k} missing`);
  return v;
};

export function decodeAgentStatus(tenantId: string, agentId: string, h: Record<string, string>): AgentStatus {
  const base = {
    tenantId,
    agentId,
    since: num(h, 'since'),
    version: num(h, 'v'),
    lastOfferAt: h['lastOfferAt'] === undefined ? null : num(h, 'lastOfferAt'),
    consecutiveMissedOffers: num(h, 'missed'),
  };
  const busy = () => ({ call: { callId: str(h, 'callId'), acdGroupId: str(h, 'acdGroupId') }, pendingPause: h['pendingPause'] ?? null });
  const state = str(h, 'state');
  switch (state) {
    case 'logged-out':
      return { ...base, state };
    case 'available':
      return { ...base, state, idleSince: num(h, 'idleSince') };
    case 'offered':
      return { ...base, state, idleSince: num(h, 'idleSince'), ...busy() };
    case 'on-call':
      return { ...base, state, ...busy() };
    case 'wrap-up':
      return { ...base, state, ...busy(), wrapUpEndsAt: num(h, 'wrapUpEndsAt') };
    case 'paused':
      return { ...base, state, pauseReason: str(h, 'pauseReason') };
    default:
      throw new Error(`agent hash has unknown state ${state}`);
  }
}
