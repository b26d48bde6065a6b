import { InvalidStatisticsEventError } from './errors/invalid-statistics-event.error.js';
import {
  SEGMENT_OUTCOMES,
  type AgentStateChangeRecord,
  type CallRecord,
  type CallSegment,
  type StatisticsEvent,
} from './statistics-event.js';

// Checked when an event is recorded, so a bad event fails in its caller's stack instead of
// being spooled and then refused by MariaDB minutes later, far from the bug.

const DB_ID = /^[1-9][0-9]{0,18}$/;
const EVENT_ID = /^[\x21-\x7e]{1,64}$/;
const DIRECTIONS = new Set(['inbound', 'outbound', 'internal']);
const CALL_OUTCOMES = new Set(['answered', 'abandoned', 'ivr-completed', 'overflowed', 'voicemail', 'failed']);
const MAX_TIME = Date.UTC(9999, 11, 31);
const MAX_UINT32 = 2 ** 32 - 1;

function fail(field: string, problem: string): never {
  throw new InvalidStatisticsEventError(field, problem);
}

function dbId(field: string, v: unknown): void {
  if (typeof v !== 'string' || !DB_ID.test(v)) fail(field, 'must be a decimal row id');
}

function optionalDbId(field: string, v: unknown): void {
  if (v !== null) dbId(field, v);
}

function text(field: string, v: unknown, max: number): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) fail(field, `must be a string of 1..${max} characters`);
}

function optionalText(field: string, v: unknown, max: number): void {
  if (v !== null) text(field, v, max);
}

function time(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_TIME) fail(field, 'must be integer ms since the epoch');
}

function millis(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_UINT32) fail(field, 'must be a non-negative integer of ms');
}

function optionalMillis(field: string, v: unknown): void {
  if (v !== null) millis(field, v);
}

function validateCall(c: CallRecord): void {
  dbId('call.tenantId', c.tenantId);
  text('call.callId', c.callId, 128);
  if (!DIRECTIONS.has(c.direction)) fail('call.direction', 'must be inbound, outbound or internal');
  optionalText('call.caller', c.caller, 128);
  optionalText('call.callee', c.callee, 128);
  optionalDbId('call.acdGroupId', c.acdGroupId);
  optionalDbId('call.agentId', c.agentId);
  if (!CALL_OUTCOMES.has(c.outcome)) fail('call.outcome', `must be one of ${[...CALL_OUTCOMES].join(', ')}`);
  time('call.startedAt', c.startedAt);
  if (c.answeredAt !== null) time('call.answeredAt', c.answeredAt);
  time('call.endedAt', c.endedAt);
  if (c.endedAt < c.startedAt) fail('call.endedAt', 'is before startedAt');
  millis('call.waitMs', c.waitMs);
  millis('call.talkMs', c.talkMs);
  millis('call.holdMs', c.holdMs);
  millis('call.wrapUpMs', c.wrapUpMs);
}

function validateSegment(s: CallSegment): void {
  dbId('segment.tenantId', s.tenantId);
  text('segment.callId', s.callId, 128);
  if (!Number.isInteger(s.seq) || s.seq < 0 || s.seq > 65535) fail('segment.seq', 'must be an integer 0..65535');
  const allowed = SEGMENT_OUTCOMES[s.kind] as readonly string[] | undefined;
  if (allowed === undefined) fail('segment.kind', `must be one of ${Object.keys(SEGMENT_OUTCOMES).join(', ')}`);
  time('segment.startedAt', s.startedAt);
  time('segment.endedAt', s.endedAt);
  if (s.endedAt < s.startedAt) fail('segment.endedAt', 'is before startedAt');
  optionalDbId('segment.acdGroupId', s.acdGroupId);
  optionalDbId('segment.agentId', s.agentId);
  if (allowed.length === 0 ? s.outcome !== null : s.outcome === null || !allowed.includes(s.outcome)) {
    fail('segment.outcome', allowed.length === 0 ? `must be null for ${s.kind}` : `must be one of ${allowed.join(', ')} for ${s.kind}`);
  }
  optionalMillis('segment.serviceLevelMs', s.serviceLevelMs);
  optionalMillis('segment.shortAbandonMs', s.shortAbandonMs);
  if (s.kind === 'queue' && s.acdGroupId === null) fail('segment.acdGroupId', 'is required for a queue segment');
  optionalText('segment.transferTarget', s.transferTarget, 128);
}

function validateChange(c: AgentStateChangeRecord): void {
  dbId('change.tenantId', c.tenantId);
  dbId('change.agentId', c.agentId);
  text('change.from', c.from, 32);
  time('change.fromSince', c.fromSince);
  text('change.to', c.to, 32);
  time('change.at', c.at);
  if (c.at < c.fromSince) fail('change.at', 'is before fromSince');
  text('change.event', c.event, 32);
  text('change.reason', c.reason, 32);
  optionalText('change.pauseReason', c.pauseReason, 64);
  optionalText('change.callId', c.callId, 128);
  optionalDbId('change.acdGroupId', c.acdGroupId);
}

/** Throws {@link InvalidStatisticsEventError} naming the first field the schema cannot hold. */
export function validateStatisticsEvent(e: StatisticsEvent): void {
  if (typeof e.eventId !== 'string' || !EVENT_ID.test(e.eventId)) fail('eventId', 'must be 1..64 printable ASCII characters');
  switch (e.kind) {
    case 'call':
      validateCall(e.call);
      return;
    case 'call-segment':
      validateSegment(e.segment);
      return;
    case 'agent-state-change':
      validateChange(e.change);
      return;
    default:
      fail('kind', 'must be call, call-segment or agent-state-change');
  }
}
