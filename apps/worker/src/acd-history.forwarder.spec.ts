import { describe, expect, it } from 'vitest';
import { historyEventId, nextStreamId, toAgentStateChange } from './acd-history.forwarder.js';

describe('ACD history forwarding', () => {
  it('maps an entry of the earlier eleven-field format to the writer record, empty optional fields to null', () => {
    const flat = ['tenantId', '7', 'agentId', '1001', 'from', 'available', 'fromSince', '1000', 'to', 'offered', 'at', '2000',
      'event', 'offer', 'reason', 'offer', 'pauseReason', '', 'callId', 'c-1', 'acdGroupId', '501'];
    expect(toAgentStateChange('7', flat)).toEqual({
      tenantId: '7', agentId: '1001', from: 'available', fromSince: 1000, to: 'offered', at: 2000,
      event: 'offer', reason: 'offer', pauseReason: null, callId: 'c-1', acdGroupId: '501',
    });
  });

  it('maps a packed entry (one JSON array) to the same record', () => {
    const flat = ['j', '["1001","available",1000,"offered",2000,"offer","offer",null,"c-1","501"]'];
    expect(toAgentStateChange('7', flat)).toEqual({
      tenantId: '7', agentId: '1001', from: 'available', fromSince: 1000, to: 'offered', at: 2000,
      event: 'offer', reason: 'offer', pauseReason: null, callId: 'c-1', acdGroupId: '501',
    });
    expect(toAgentStateChange('7', ['j', '["1001","on-call",5,"paused",9,"pause","pause","lunch \\"break\\"",null,null]']).pauseReason).toBe('lunch "break"');
  });

  it('refuses a packed entry that is not a ten-column array (the forwarder dead-letters it)', () => {
    expect(() => toAgentStateChange('7', ['j', '["1001","available"]'])).toThrow(/10-column/);
    expect(() => toAgentStateChange('7', ['j', 'not json'])).toThrow();
  });

  it('derives a stable event id per entry, within the writer limit of 64 characters', () => {
    expect(historyEventId('7', '1795401081800-0')).toBe('acd:7:1795401081800-0');
    const long = historyEventId('x'.repeat(64), '1795401081800-0');
    expect(long).toBe(historyEventId('x'.repeat(64), '1795401081800-0'));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).not.toBe(historyEventId('x'.repeat(64), '1795401081800-1'));
  });
});

describe('nextStreamId', () => {
  it('is the smallest id after the given one, past 2^53 too', () => {
    expect(nextStreamId('1700000000000-0')).toBe('1700000000000-1');
    expect(nextStreamId('1700000000000-41')).toBe('1700000000000-42');
    expect(nextStreamId('5-9007199254740993')).toBe('5-9007199254740994');
  });
});
