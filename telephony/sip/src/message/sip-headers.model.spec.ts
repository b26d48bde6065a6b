import { describe, it, expect } from 'vitest';
import { MemoSlot, SipHeaders, canonicalHeaderName, headerKey } from './sip-headers.model.js';

describe('SipHeaders', () => {
  it('looks up case-insensitively across compact and full forms', () => {
    const h = new SipHeaders();
    h.appendRaw('v', 'SIP/2.0/UDP a;branch=z9hG4bK1');
    h.appendRaw('VIA', 'SIP/2.0/UDP b;branch=z9hG4bK2, SIP/2.0/UDP c;branch=z9hG4bK3');
    expect(headerKey('i')).toBe('call-id');
    expect(h.getAll('Via')).toHaveLength(3);
    expect(h.getLines('v')).toHaveLength(2);
    expect([...h][0]).toEqual(['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1']);
  });

  it('prepends, shifts one list value, replaces in place and removes', () => {
    const h = new SipHeaders();
    h.append('From', 'f').append('Route', '<sip:p1;lr>, <sip:p2;lr>').append('To', 't');
    h.prepend('Route', '<sip:p0;lr>');
    expect(h.getAll('route')).toEqual(['<sip:p0;lr>', '<sip:p1;lr>', '<sip:p2;lr>']);
    expect(h.shift('route')).toBe('<sip:p0;lr>');
    expect(h.shift('route')).toBe('<sip:p1;lr>');
    expect(h.getAll('route')).toEqual(['<sip:p2;lr>']);
    h.set('route', ['<sip:x;lr>', '<sip:y;lr>']);
    expect([...h].map(([n]) => n)).toEqual(['From', 'Route', 'Route', 'To']);
    h.remove('ROUTE');
    expect(h.has('route')).toBe(false);
    expect(h.size).toBe(2);
  });

  it('does not split headers whose values contain commas', () => {
    const h = new SipHeaders();
    h.append('Date', 'Sat, 13 Nov 2010 23:29:00 GMT');
    h.append('Contact', '"Doe, John" <sip:j@h>, <sip:k@h>');
    expect(h.getAll('date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(h.getAll('m')).toEqual(['"Doe, John" <sip:j@h>', '<sip:k@h>']);
  });

  it('drops memoised views when changed', () => {
    const h = new SipHeaders();
    h.append('CSeq', '1 INVITE');
    expect(h.memo('x', () => h.get('cseq'))).toBe('1 INVITE');
    h.set('CSeq', '2 INVITE');
    expect(h.memo('x', () => h.get('cseq'))).toBe('2 INVITE');
  });

  it('keeps the views of headers that did not change, and drops the others and every memo', () => {
    const h = new SipHeaders();
    h.append('Via', 'SIP/2.0/UDP a;branch=z9hG4bK1').append('CSeq', '1 INVITE');
    const via = { parsed: 'via' };
    const cseq = { parsed: 'cseq' };
    h.setSlot(MemoSlot.Via0, via);
    h.setSlot(MemoSlot.CSeq, cseq);
    expect(h.memo('x', () => 1)).toBe(1);
    const version = h.version;
    h.append('Server', 'Ringwell');
    h.set('Contact', '<sip:a@b>');
    h.remove('Subject');
    // no view reads Server, Contact's slot was empty, Subject has none: the views stay
    expect(h.slot(MemoSlot.Via0)).toBe(via);
    expect(h.slot(MemoSlot.CSeq)).toBe(cseq);
    // serialised bytes must still be rebuilt, and a memo (which may read anything) recomputed
    expect(h.version).toBeGreaterThan(version);
    expect(h.memo('x', () => 2)).toBe(2);
    h.set('cseq', '2 INVITE');
    expect(h.slot(MemoSlot.CSeq)).toBeUndefined();
    expect(h.slot(MemoSlot.Via0)).toBe(via);
    h.appendRaw('v', 'SIP/2.0/UDP b;branch=z9hG4bK2');
    expect(h.slot(MemoSlot.Via0)).toBeUndefined();
    h.setSlot(MemoSlot.Via0, via);
    h.shift('via');
    expect(h.slot(MemoSlot.Via0)).toBeUndefined();
    h.setSlot(MemoSlot.Via0, via);
    h.prepend('Via', 'SIP/2.0/UDP c;branch=z9hG4bK3');
    expect(h.slot(MemoSlot.Via0)).toBeUndefined();
  });

  it('keeps the spelling of header names that are also Object.prototype properties', () => {
    const h = new SipHeaders();
    h.append('constructor', 'a').set('toString', 'b').prepend('hasOwnProperty', 'c');
    expect([...h].map(([n]) => n)).toEqual(['constructor', 'toString', 'hasOwnProperty']);
    expect(canonicalHeaderName('__proto__')).toBe('__proto__');
    expect(canonicalHeaderName('call-id')).toBe('Call-ID');
  });

  it('getAllKey gives what getAll gives for the lower-case expanded key', () => {
    const h = new SipHeaders();
    h.appendRaw('m', '"Doe, John" <sip:j@h>, <sip:k@h>');
    h.appendRaw('Contact', '<sip:l@h>');
    h.appendRaw('Date', 'Sat, 13 Nov 2010 23:29:00 GMT');
    expect(h.getAllKey('contact')).toEqual(h.getAll('M'));
    expect(h.getAllKey('date')).toEqual(h.getAll('date'));
    expect(h.getAllKey('route')).toEqual([]);
  });
});
