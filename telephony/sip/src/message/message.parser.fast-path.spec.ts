import { describe, it, expect } from 'vitest';
import { SipParseError } from '../errors/sip-parse.error.js';
import { parseNameAddr, parseVia } from './header.parser.js';
import { parseMessage } from './message.parser.js';
import type { SipRequest } from './sip-message.model.js';

/** The parser's fast paths (known header spellings, in-place trimming) must agree with the general ones. */
function parse(lines: readonly string[]): SipRequest {
  return parseMessage(Buffer.from(`${['OPTIONS sip:u@h SIP/2.0', ...lines].join('\r\n')}\r\n\r\n`)) as SipRequest;
}

const BASE = ['Via: SIP/2.0/UDP h;branch=z9hG4bKfp', 'From: <sip:a@h>;tag=1', 'To: <sip:u@h>', 'Call-ID: fp', 'CSeq: 1 OPTIONS'];

describe('parser fast paths', () => {
  it('recognises a header whatever the spelling of its name', () => {
    const req = parse(['VIA: SIP/2.0/UDP h;branch=z9hG4bKfp', 'f: <sip:a@h>;tag=1', 'To : <sip:u@h>', 'call-id: fp', 'CSEQ: 1 OPTIONS', 'X-Custom: yes', 'Max-forwards: 9']);
    expect(req.via.branch).toBe('z9hG4bKfp');
    expect(req.from.tag).toBe('1');
    expect(req.callId).toBe('fp');
    expect(req.cseq.seq).toBe(1);
    expect(req.maxForwards).toBe(9);
    expect(req.headers.get('x-custom')).toBe('yes');
    expect([...req.headers].map(([n]) => n)).toEqual(['VIA', 'From', 'To', 'call-id', 'CSEQ', 'X-Custom', 'Max-forwards']);
  });

  it('still refuses a header name that is not a token', () => {
    expect(() => parse([...BASE, 'Bad Name: x'])).toThrow(SipParseError);
    expect(() => parse([...BASE, 'Vi@: x'])).toThrow(SipParseError);
  });

  it('trims values as String.prototype.trim does, unusual whitespace included', () => {
    const req = parse([...BASE, 'Subject: \t hello \t', 'X-A: \u00a0nbsp\u00a0', 'X-B:\x0bvt\x0b', 'X-C:', 'X-D: folded', '  more ']);
    expect(req.headers.get('subject')).toBe('hello');
    expect(req.headers.get('x-a')).toBe('nbsp');
    expect(req.headers.get('x-b')).toBe('vt');
    expect(req.headers.get('x-c')).toBe('');
    expect(req.headers.get('x-d')).toBe('folded more');
  });

  it('checks the Request-URI and version without regexes, with the same verdicts', () => {
    const bad = ['OPTIONS sip: SIP/2.0', 'OPTIONS 1sip:u@h SIP/2.0', 'OPTIONS sip:u@h\u00a0x SIP/2.0', 'OPTIONS sip:u@h SIP/2.00x'];
    for (const line of bad) {
      expect(() => parseMessage(Buffer.from(`${[line, ...BASE].join('\r\n')}\r\n\r\n`))).toThrow(SipParseError);
    }
    const ok = parseMessage(Buffer.from(`${['OPTIONS tel:+1-555 sip/2.0', ...BASE].join('\r\n')}\r\n\r\n`)) as SipRequest;
    expect(ok.uri).toBe('tel:+1-555');
  });
});

describe('Via and name-addr parameters', () => {
  it('reads branch, received, rport and tag at once and builds the full Map on demand', () => {
    const via = parseVia('SIP/2.0/UDP h:5060 ; Branch=z9hG4bKx ;rport;received=10.0.0.1;maddr=224.2.0.1;ttl=16;x="a;b";branch=z9hG4bKy');
    expect(via.branch).toBe('z9hG4bKy'); // the last of a repeated parameter wins, as with a Map
    expect(via.rport).toBe(true);
    expect(via.received).toBe('10.0.0.1');
    expect([...via.params]).toEqual([
      ['branch', 'z9hG4bKy'],
      ['rport', null],
      ['received', '10.0.0.1'],
      ['maddr', '224.2.0.1'],
      ['ttl', '16'],
      ['x', '"a;b"'],
    ]);
    expect(via.params).toBe(via.params);
    const to = parseNameAddr('"Bob" <sip:bob@h;transport=tcp>;TAG=t1;expires=60;lr');
    expect(to.tag).toBe('t1');
    expect(to.uri).toBe('sip:bob@h;transport=tcp');
    expect([...to.params]).toEqual([
      ['tag', 't1'],
      ['expires', '60'],
      ['lr', null],
    ]);
    expect(() => parseVia('SIP/2.0/UDP h;x="open')).toThrow(SipParseError);
    expect(() => parseNameAddr('<sip:b@h>;tag="open')).toThrow(SipParseError);
  });

  it('leaves nothing of one parse in the next (one parameter sink serves them all)', () => {
    // a Via that fails after its parameters were read, then values without those parameters
    expect(() => parseVia('SIP/2.0/UDP h;branch=z9hG4bKold;received=10.0.0.1;rport=x')).toThrow(SipParseError);
    const via = parseVia('SIP/2.0/UDP h');
    expect([via.branch, via.received, via.rport]).toEqual([undefined, undefined, undefined]);
    expect(() => parseNameAddr('<sip:a@h>;tag=old junk')).toThrow(SipParseError);
    expect(parseNameAddr('<sip:a@h>').tag).toBeUndefined();
    const tagged = parseNameAddr('<sip:a@h>;tag=t');
    expect(parseVia('SIP/2.0/TCP h;branch=z9hG4bKb').branch).toBe('z9hG4bKb');
    expect(tagged.tag).toBe('t');
    expect(parseVia('SIP/2.0/TCP h;branch=z9hG4bKb').transport).toBe('TCP');
  });
});

describe('missing mandatory headers', () => {
  it('names the first one missing, in the order Via, From, To, Call-ID, CSeq', () => {
    const missing = (lines: readonly string[]): string | undefined => {
      try {
        parse(lines);
        return undefined;
      } catch (err) {
        expect(err).toBeInstanceOf(SipParseError);
        expect((err as SipParseError).code).toBe('SIP_ERR_MISSING_HEADER');
        return (err as SipParseError).message;
      }
    };
    expect(missing(BASE)).toBeUndefined();
    expect(missing(BASE.slice(1))).toContain('via');
    expect(missing([BASE[0] as string, BASE[3] as string])).toContain('from');
    expect(missing(BASE.slice(0, 2))).toContain('to');
    expect(missing(BASE.filter((l) => !l.startsWith('Call-ID')))).toContain('call-id');
    expect(missing(BASE.slice(0, 4))).toContain('cseq');
  });
});

describe('request line', () => {
  it('splits at the last space, with or without the usual version at the end', () => {
    const line = (l: string): SipRequest => parseMessage(Buffer.from(`${[l, ...BASE].join('\r\n')}\r\n\r\n`)) as SipRequest;
    expect(line('OPTIONS sip:u@h SIP/2.0').uri).toBe('sip:u@h');
    expect(line('OPTIONS sip:u@h sip/2.0').uri).toBe('sip:u@h');
    expect(() => line('OPTIONS sip:u@h  SIP/2.0')).toThrow(SipParseError);
    expect(() => line('OPTIONS  SIP/2.0')).toThrow(SipParseError);
    expect(() => line('OPTIONS SIP/2.0')).toThrow(SipParseError);
    expect(() => line('OPTIONS sip:u@h SIP/3.0')).toThrow(SipParseError);
  });
});
