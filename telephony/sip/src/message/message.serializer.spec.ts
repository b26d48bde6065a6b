import { describe, it, expect } from 'vitest';
import { parseMessage } from './message.parser.js';
import { createResponse, type ResponseOptions } from './message.factory.js';
import { serializeMessage } from './message.serializer.js';
import { canonicalHeaderName, SipHeaders } from './sip-headers.model.js';
import type { SipRequest, SipMessage } from './sip-message.model.js';
import { reasonFor } from './status-reasons.js';

/*
 * Differential tests: `createResponse` copies the request's raw lines by index and the serializer
 * walks the header arrays and caches its bytes. Both must give exactly the bytes of the plain
 * RFC 3261 §8.2.6.2 construction below, built only through the public `SipHeaders` API and a
 * straightforward serialisation, for a corpus of requests.
 */

function referenceResponse(req: SipRequest, status: number, options: ResponseOptions): Buffer {
  const h = new SipHeaders();
  for (const v of req.headers.getLines('via')) h.append('Via', v);
  h.append('From', req.headers.get('from') ?? '');
  let to = req.headers.get('to') ?? '';
  if (status > 100 && options.toTag !== undefined && req.to.tag === undefined) to += `;tag=${options.toTag}`;
  h.append('To', to);
  h.append('Call-ID', req.headers.get('call-id') ?? '');
  h.append('CSeq', req.headers.get('cseq') ?? '');
  if (status > 100 && status < 300) for (const rr of req.headers.getLines('record-route')) h.append('Record-Route', rr);
  for (const [name, value] of Object.entries(options.headers ?? {})) h.set(name, value);
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
  let head = `SIP/2.0 ${status} ${options.reason ?? reasonFor(status)}\r\n`;
  for (const [name, value] of h) if (name.toLowerCase() !== 'content-length') head += `${canonicalHeaderName(name)}: ${value}\r\n`;
  head += `Content-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

const CORPUS: readonly string[] = [
  // sipp's uac INVITE
  'INVITE sip:bench@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0\r\n' +
    'From: sipp <sip:sipp@127.0.0.1:5061>;tag=1SIPpTag001\r\nTo: bench <sip:bench@127.0.0.1:5060>\r\n' +
    'Call-ID: 1-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: sip:sipp@127.0.0.1:5061\r\nMax-Forwards: 70\r\n' +
    'Subject: Performance Test\r\nContent-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n',
  // in-dialog BYE with a To tag
  'BYE sip:bench@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-7\r\n' +
    'From: sipp <sip:sipp@127.0.0.1:5061>;tag=1SIPpTag001\r\nTo: bench <sip:bench@127.0.0.1:5060>;tag=abc\r\n' +
    'Call-ID: 1-1@127.0.0.1\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
  // compact forms, two Via lines (one with two values), Record-Route, odd spacing
  'INVITE sip:u@example.com SIP/2.0\r\nv: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/TCP p2:5070;branch=z9hG4bKb\r\n' +
    'Via:SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc;rport=5060;received=10.0.0.9\r\n' +
    'f: "Alice, A." <sip:alice@example.com>;tag=x1\r\nt: <sip:u@example.com>\r\ni: cid-1\r\n' +
    'CSeq:   7   INVITE\r\nRecord-Route: <sip:p1.example.com;lr>, <sip:p2;lr>\r\nRecord-Route: <sip:p3;lr>\r\n' +
    'm: <sip:alice@10.0.0.1>\r\nMax-Forwards: 69\r\nl: 0\r\n\r\n',
  // folded header line, UTF-8 display name, IPv6 Via
  'OPTIONS sip:u@[2001:db8::1] SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKv6\r\n' +
    'From: "Zoë" <sip:zoe@example.com>;tag=z\r\nTo: <sip:u@[2001:db8::1]>\r\nCall-ID: cid-2\r\nCSeq: 1 OPTIONS\r\n' +
    'Subject: first\r\n  continued\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
  // lower-case header names, no Max-Forwards, To with parameters after a tagless URI
  'REGISTER sip:example.com SIP/2.0\r\nvia: SIP/2.0/TCP 192.0.2.4:5060;branch=z9hG4bKr\r\nfrom: <sip:bob@example.com>;tag=r1\r\n' +
    'to: <sip:bob@example.com>;x=1\r\ncall-id: cid-3\r\ncseq: 3 REGISTER\r\ncontent-length: 0\r\n\r\n',
];

const OPTIONS: readonly [number, ResponseOptions][] = [
  [100, {}],
  [180, { toTag: 't180' }],
  [200, { toTag: 'tag200', headers: { Contact: '<sip:127.0.0.1:5060>', 'Content-Type': 'application/sdp', Server: 'Ringwell' }, body: 'v=0\r\ns=é\r\n' }],
  [200, { toTag: 't2', headers: { Allow: 'INVITE, ACK', Supported: ['timer', 'path'], Expires: 300 } }],
  [486, { toTag: 'busy', reason: 'Busy Here', headers: { 'X-Reason': 'agent busy' } }],
  [503, { headers: { 'Retry-After': '5', 'Content-Length': 99 } }],
];

describe('createResponse + serializeMessage', () => {
  it('gives the same bytes as the reference construction for every request and response of the corpus', () => {
    let compared = 0;
    for (const text of CORPUS) {
      const req = parseMessage(Buffer.from(text)) as SipRequest;
      for (const [status, options] of OPTIONS) {
        const fast = serializeMessage(createResponse(req, status, options));
        expect(fast.toString('utf8')).toBe(referenceResponse(req, status, options).toString('utf8'));
        compared++;
      }
    }
    expect(compared).toBe(CORPUS.length * OPTIONS.length);
  });

  it('reuses the bytes of an unchanged message and rebuilds them after any change', () => {
    const req = parseMessage(Buffer.from(CORPUS[0] as string)) as SipRequest;
    const res = createResponse(req, 200, { toTag: 'a' });
    const first = serializeMessage(res);
    expect(serializeMessage(res)).toBe(first);

    const check = (m: SipMessage, contains: string): void => {
      const bytes = serializeMessage(m);
      expect(bytes).not.toBe(first);
      expect(bytes.toString()).toContain(contains);
    };
    res.headers.append('Server', 'x');
    check(res, 'Server: x\r\n');
    res.status = 202;
    check(res, 'SIP/2.0 202 ');
    res.reason = 'Later';
    check(res, '202 Later\r\n');
    res.body = Buffer.from('abc');
    check(res, 'Content-Length: 3\r\n\r\nabc');
    const headers = res.headers.clone();
    headers.set('CSeq', '9 INVITE');
    res.headers = headers;
    check(res, 'CSeq: 9 INVITE\r\n');
  });

  it('keeps the bytes valid when only memoised views are dropped', () => {
    const req = parseMessage(Buffer.from(CORPUS[1] as string)) as SipRequest;
    const res = createResponse(req, 200);
    const bytes = serializeMessage(res);
    void res.via;
    res.headers.dropCache();
    expect(serializeMessage(res)).toBe(bytes);
  });

  it('gives a response the views it would parse itself: the request\'s, or none where they differ', () => {
    const views = (m: SipMessage): unknown[] => [m.via, m.from, m.to, m.cseq, m.callId, m.vias, m.contacts];
    const fields = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x)));
    let adopted = 0;
    for (const text of CORPUS) {
      const req = parseMessage(Buffer.from(text)) as SipRequest;
      for (const [status, options] of OPTIONS) {
        const res = createResponse(req, status, options);
        // the views of the built response equal those of its own bytes, parsed afresh
        const reparsed = parseMessage(serializeMessage(res));
        expect(fields(views(res))).toEqual(fields(views(reparsed)));
        expect(res.via).toBe(req.via);
        expect(res.cseq).toBe(req.cseq);
        const tagAdded = status > 100 && options.toTag !== undefined && req.to.tag === undefined;
        if (tagAdded) expect(res.to).not.toBe(req.to);
        else expect(res.to).toBe(req.to);
        adopted++;
      }
    }
    expect(adopted).toBe(CORPUS.length * OPTIONS.length);
  });

  it('drops an adopted view when the header it comes from is replaced', () => {
    const req = parseMessage(Buffer.from(CORPUS[0] as string)) as SipRequest;
    const res = createResponse(req, 200, { toTag: 'a', headers: { Via: 'SIP/2.0/UDP 192.0.2.7:5099;branch=z9hG4bKnew', CSeq: '5 INVITE' } });
    expect(res.via.host).toBe('192.0.2.7');
    expect(res.via.port).toBe(5099);
    expect(res.cseq.seq).toBe(5);
    expect(res.from).toBe(req.from);
    res.headers.set('From', '<sip:other@example.com>;tag=o');
    expect(res.from.tag).toBe('o');
    expect(res.via.port).toBe(5099);
  });
});
