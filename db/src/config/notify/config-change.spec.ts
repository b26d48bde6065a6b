import { describe, expect, it } from 'vitest';
import { parseConfigChange } from './config-change.js';

describe('parseConfigChange', () => {
  it('accepts a well-formed change', () => {
    const c = { tenantId: '7', entity: 'acd-group', id: '12', version: 3, configVersion: 40 };
    expect(parseConfigChange(JSON.stringify(c))).toEqual(c);
    expect(parseConfigChange(JSON.stringify({ ...c, version: null }))?.version).toBeNull();
  });

  it('refuses malformed payloads instead of throwing', () => {
    expect(parseConfigChange('not json')).toBeNull();
    expect(parseConfigChange(JSON.stringify({ tenantId: '7', entity: 'queue', id: '1', version: 1, configVersion: 1 }))).toBeNull();
    expect(parseConfigChange(JSON.stringify({ tenantId: 7, entity: 'acd-group', id: '1', version: 1, configVersion: 1 }))).toBeNull();
  });
});
