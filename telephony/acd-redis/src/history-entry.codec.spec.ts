import type { AgentStateChange } from '@ringwell/acd';
import { describe, expect, it } from 'vitest';
import { decodeHistoryEntry, encodeHistoryEntry, HISTORY_ENTRY_FIELD } from './history-entry.codec.js';

describe('ACD history entry codec', () => {
  const change: AgentStateChange = {
    tenantId: 't1', agentId: 'a-7', from: 'on-call', fromSince: 1_795_400_000_000, to: 'paused', at: 1_795_400_012_345,
    event: 'pause', reason: 'pause', pauseReason: 'lunch, "long" ☕', callId: null, acdGroupId: null,
  } as AgentStateChange;

  it('round-trips a change through one field, whatever the pause reason holds', () => {
    const fields = { [HISTORY_ENTRY_FIELD]: encodeHistoryEntry(change) };
    expect(decodeHistoryEntry('t1', fields)).toEqual({ ...change });
  });

  it('reads the same array as the scripts build it for an offer', () => {
    const fromScript = '["a1","available",1000,"offered",2000,"offer","offer",null,"c.1","g_2"]';
    expect(decodeHistoryEntry('t9', { j: fromScript })).toEqual({
      tenantId: 't9', agentId: 'a1', from: 'available', fromSince: 1000, to: 'offered', at: 2000,
      event: 'offer', reason: 'offer', pauseReason: null, callId: 'c.1', acdGroupId: 'g_2',
    });
  });

  it('refuses an entry that is not a ten-column array', () => {
    expect(() => decodeHistoryEntry('t', { j: '{"agentId":"a"}' })).toThrow(/10-column/);
  });
});
