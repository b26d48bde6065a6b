import { describe, it, expect } from 'vitest';
import { SipParseError } from '../errors/sip-parse.error.js';
import type { SipParseErrorCode } from '../errors/sip-error.codes.js';
import { parseMessage } from './message.parser.js';
import { serializeMessage } from './message.serializer.js';
import { parseUri } from './header.parser.js';
import type { SipRequest, SipResponse, SipMessage } from './sip-message.model.js';

/** Joins header lines with CRLF, ends the header section and appends the body. */
function wire(lines: string[], body = ''): Buffer {
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), Buffer.from(body, 'utf8')]);
}

function req(m: SipMessage): SipRequest {
  if (m.kind !== 'request') throw new Error('expected a request');
  return m;
}

function res(m: SipMessage): SipResponse {
  if (m.kind !== 'response') throw new Error('expected a response');
  return m;
}

function expectParseError(buf: Buffer, code: SipParseErrorCode): SipParseError {
  try {
    parseMessage(buf);
  } catch (err) {
    expect(err).toBeInstanceOf(SipParseError);
    const e = err as SipParseError;
    expect(e.name).toBe('SipParseError');
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, parsed fine`);
}

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Café ☎\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

describe('parseMessage: valid messages', () => {
  it('parses a plain INVITE with a UTF-8 body using byte-exact Content-Length', () => {
    const len = Buffer.byteLength(SDP, 'utf8');
    expect(len).toBeGreaterThan(SDP.length);
    const m = req(
      parseMessage(
        wire(
          [
            'INVITE sip:bob@example.com SIP/2.0',
            'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport',
            'Max-Forwards: 70',
            'To: Bob <sip:bob@example.com>',
            'From: "Alice" <sip:alice@example.com>;tag=1928301774',
            'Call-ID: a84b4c76e66710@pc33.example.com',
            'CSeq: 314159 INVITE',
            'Contact: <sip:alice@10.0.0.1:5060;transport=udp>',
            'Content-Type: application/sdp',
            `Content-Length: ${len}`,
          ],
          SDP,
        ),
      ),
    );
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:bob@example.com');
    expect(m.via.branch).toBe('z9hG4bK776asdhds');
    expect(m.via.rport).toBe(true);
    expect(m.via.host).toBe('10.0.0.1');
    expect(m.via.port).toBe(5060);
    expect(m.from.tag).toBe('1928301774');
    expect(m.from.displayName).toBe('Alice');
    expect(m.to.tag).toBeUndefined();
    expect(m.to.displayName).toBe('Bob');
    expect(m.callId).toBe('a84b4c76e66710@pc33.example.com');
    expect(m.cseq).toEqual({ seq: 314159, method: 'INVITE' });
    expect(m.maxForwards).toBe(70);
    expect(m.contact?.uri).toBe('sip:alice@10.0.0.1:5060;transport=udp');
    expect(m.contentType).toBe('application/sdp');
    expect(m.bodyText).toBe(SDP);
    expect(m.body.length).toBe(len);
  });

  it('round-trips through the serializer with Content-Length counted in bytes', () => {
    const m = parseMessage(
      wire(
        [
          'MESSAGE sip:bob@example.com SIP/2.0',
          'v: SIP/2.0/TCP h.example.com;branch=z9hG4bK1',
          'f: <sip:a@example.com>;tag=x',
          't: <sip:bob@example.com>',
          'i: cid1',
          'CSeq: 1 MESSAGE',
          'l: 5',
        ],
        'héllo'.slice(0, 4),
      ),
    );
    // 'héll' is 5 bytes in UTF-8
    expect(m.bodyText).toBe('héll');
    const out = serializeMessage(m).toString('utf8');
    expect(out).toContain('Content-Length: 5\r\n');
    expect(out).toContain('Via: SIP/2.0/TCP h.example.com;branch=z9hG4bK1\r\n');
    expect(out).toContain('Call-ID: cid1\r\n');
    const again = req(parseMessage(Buffer.from(out, 'utf8')));
    expect(again.bodyText).toBe('héll');
    expect(again.from.tag).toBe('x');
  });

  it('handles an RFC 4475 wsinv-like message: folding, odd spacing, case, multi-value Via', () => {
    const body = 'v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0 12\r\n';
    const m = req(
      parseMessage(
        wire(
          [
            'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0',
            'TO :',
            ' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
            'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
            '  ;',
            '  tag = 98asjd8',
            'MaX-fOrWaRdS: 0068',
            'Call-ID: wsinv.ndaksdj@192.0.2.1',
            'Content-Length   : ' + String(Buffer.byteLength(body)),
            'cseq: 0009',
            '  INVITE',
            'Via  : SIP  /   2.0',
            ' /UDP',
            '    192.0.2.2;rport;branch=390skdjuw',
            's :',
            'NewFangledHeader:   newfangled value',
            ' continued newfangled value',
            'UnknownHeaderWithUnusualValue: ;;,,;;,;',
            'Content-Type: application/sdp',
            'Route:',
            ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
            'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
            '  branch  =   z9hG4bK9ikj8  ,',
            ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
            ' z9hG4bK30239',
            'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
            '      newvalue ;',
            '  secondparam ; q = 0.33',
          ],
          body,
        ),
      ),
    );
    expect(m.to.tag).toBe('1918181833n');
    expect(m.to.uri).toBe('sip:vivekg@chair-dnrc.example.com');
    expect(m.from.tag).toBe('98asjd8');
    expect(m.from.displayName).toBe('J Rosenberg \\"');
    expect(m.maxForwards).toBe(68);
    expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(m.vias).toHaveLength(3);
    expect(m.via.transport).toBe('UDP');
    expect(m.via.host).toBe('192.0.2.2');
    expect(m.via.branch).toBe('390skdjuw');
    expect(m.vias[1]?.transport).toBe('TCP');
    expect(m.vias[1]?.host).toBe('spindle.example.com');
    expect(m.vias[1]?.branch).toBe('z9hG4bK9ikj8');
    expect(m.vias[2]?.branch).toBe('z9hG4bK30239');
    expect(m.headers.get('subject')).toBe('');
    expect(m.headers.get('newfangledheader')).toBe('newfangled value continued newfangled value');
    expect(m.routes[0]?.uri).toBe('sip:services.example.com;lr;unknownwith=value;unknown-no-value');
    expect(m.contact?.displayName).toBe('Quoted string ""');
    expect(m.contact?.params.get('newparam')).toBe('newvalue');
    expect(m.contact?.params.get('secondparam')).toBeNull();
    expect(m.contact?.params.get('q')).toBe('0.33');
    expect(m.bodyText).toBe(body);
  });

  it('understands every compact header form (RFC 4475 intmeth / compact)', () => {
    const m = req(
      parseMessage(
        wire([
          'OPTIONS sip:user@example.com SIP/2.0',
          'v: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdju43234',
          'f: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
          't: "Watson, Thomas" < sip:t.watson@example.org >',
          'i: a62bf8ddc0f8@host1',
          'CSeq: 8 OPTIONS',
          'm: <sip:a@host1.example.com>, "Two, " <sip:b@host1.example.com>;expires=30',
          'k: path, gruu',
          'c: text/plain',
          'e: identity',
          's: compact test',
          'l: 0',
        ]),
      ),
    );
    expect(m.from.displayName).toBe('Bell, Alexander');
    expect(m.to.uri).toBe('sip:t.watson@example.org');
    expect(m.callId).toBe('a62bf8ddc0f8@host1');
    expect(m.contacts.map((c) => c.uri)).toEqual(['sip:a@host1.example.com', 'sip:b@host1.example.com']);
    expect(m.contacts[1]?.params.get('expires')).toBe('30');
    expect(m.headers.getAll('Supported')).toEqual(['path', 'gruu']);
    expect(m.contentType).toBe('text/plain');
    expect(m.headers.get('Content-Encoding')).toBe('identity');
    expect(m.headers.get('Subject')).toBe('compact test');
    expect(serializeMessage(m).toString()).toContain('Call-ID: a62bf8ddc0f8@host1\r\n');
  });

  it('keeps escaped and semicolon-laden user parts (RFC 4475 esc01, semiuri)', () => {
    const m = req(
      parseMessage(
        wire([
          'INVITE sip:user;par=u%40example.net@example.com SIP/2.0',
          'To: sip:%75se%72@example.com',
          'From: <sip:I%20have%20spaces@example.net>;tag=938',
          'Max-Forwards: 87',
          'i: esc01.239409asdfakjkn23onasd0-3234',
          'CSeq: 234234 INVITE',
          'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw',
          'l: 0',
        ]),
      ),
    );
    const ruri = m.parsedUri;
    expect(ruri.user).toBe('user;par=u%40example.net');
    expect(ruri.host).toBe('example.com');
    expect(m.to.uri).toBe('sip:%75se%72@example.com');
    expect(parseUri(m.from.uri).user).toBe('I%20have%20spaces');
  });

  it('parses IPv6 references in the Request-URI, Via (received) and Contact', () => {
    const m = req(
      parseMessage(
        wire([
          'REGISTER sip:[2001:db8::10]:5070 SIP/2.0',
          'To: sip:user@example.com',
          'From: sip:user@example.com;tag=81x2',
          'Via: SIP/2.0/UDP [2001:db8::9:1]:5061;received=[2001:db8::9:255];branch=z9hG4bKas3-111;rport=5061',
          'Call-ID: SSG9559905523997077@hlau_4100',
          'Max-Forwards: 70',
          'Contact: "Caller" <sip:caller@[2001:db8::1]:5090;transport=udp>',
          'CSeq: 98176 REGISTER',
          'Expires: 3600',
          'Content-Length: 0',
        ]),
      ),
    );
    expect(m.parsedUri.host).toBe('[2001:db8::10]');
    expect(m.parsedUri.port).toBe(5070);
    expect(m.via.host).toBe('[2001:db8::9:1]');
    expect(m.via.port).toBe(5061);
    expect(m.via.received).toBe('[2001:db8::9:255]');
    expect(m.via.rport).toBe(5061);
    expect(parseUri(m.contact?.uri ?? '').host).toBe('[2001:db8::1]');
    expect(m.expires).toBe(3600);
    expect(m.from.tag).toBe('81x2');
  });

  it('parses a response with several Record-Route and auth headers', () => {
    const m = res(
      parseMessage(
        wire([
          'SIP/2.0 401 Unauthorized',
          'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa1, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKa2',
          'Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
          'Record-Route: <sip:p3.example.com;lr>',
          'From: <sip:a@example.com>;tag=1',
          'To: <sip:b@example.com>;tag=2',
          'Call-ID: x',
          'CSeq: 2 REGISTER',
          'WWW-Authenticate: Digest realm="ringwell, inc", nonce="abc", algorithm=SHA-256, qop="auth,auth-int"',
          'Content-Length: 0',
        ]),
      ),
    );
    expect(m.status).toBe(401);
    expect(m.reason).toBe('Unauthorized');
    expect(m.vias.map((v) => v.branch)).toEqual(['z9hG4bKa1', 'z9hG4bKa2']);
    expect(m.recordRoutes.map((r) => r.uri)).toEqual(['sip:p1.example.com;lr', 'sip:p2.example.com;lr', 'sip:p3.example.com;lr']);
    const [auth] = m.auth('www-authenticate');
    expect(auth?.scheme).toBe('Digest');
    expect(auth?.params.get('realm')).toBe('ringwell, inc');
    expect(auth?.params.get('qop')).toBe('auth,auth-int');
    expect(auth?.params.get('algorithm')).toBe('SHA-256');
  });

  it('drops bytes beyond Content-Length in a datagram and skips leading CRLFs', () => {
    const buf = Buffer.concat([
      Buffer.from('\r\n\r\n'),
      wire(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c', 'CSeq: 1 OPTIONS', 'Content-Length: 3'], 'abcdef'),
    ]);
    const m = parseMessage(buf);
    expect(m.bodyText).toBe('abc');
  });

  it('takes the rest of a datagram as body when Content-Length is absent, nothing on a stream', () => {
    const buf = wire(['BYE sip:b@h SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>;tag=2', 'Call-ID: c', 'CSeq: 2 BYE'], 'xyz');
    expect(parseMessage(buf).bodyText).toBe('xyz');
    expect(parseMessage(buf, { datagram: false }).bodyText).toBe('');
  });

  it('accepts unknown methods whose CSeq matches, and an empty reason phrase', () => {
    const m = req(parseMessage(wire(['NEWMETHOD sip:b@h SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c', 'CSeq: 3 NEWMETHOD', 'l: 0'])));
    expect(m.method).toBe('NEWMETHOD');
    const r = res(parseMessage(wire(['SIP/2.0 182 ', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c', 'CSeq: 3 INVITE'])));
    expect(r.status).toBe(182);
    expect(r.reason).toBe('');
  });
});

const BASE = ['Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c1', 'CSeq: 1 INVITE', 'Max-Forwards: 70'];

describe('parseMessage: invalid messages raise SipParseError with a stable code', () => {
  it('rejects a Content-Length larger than the body (RFC 4475 clerr)', () => {
    const e = expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...BASE, 'Content-Length: 9999'], 'v=0\r\n'), 'SIP_ERR_BODY_TRUNCATED');
    expect(e.status).toBe(400);
    expect(e.partial?.isRequest).toBe(true);
    expect(e.partial?.headers?.get('call-id')).toBe('c1');
  });

  it('rejects negative and non-numeric Content-Length (RFC 4475 ncl)', () => {
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...BASE, 'Content-Length: -999']), 'SIP_ERR_CONTENT_LENGTH');
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...BASE, 'Content-Length: 12abc']), 'SIP_ERR_CONTENT_LENGTH');
  });

  it('rejects conflicting Content-Length headers', () => {
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...BASE, 'Content-Length: 0', 'l: 4'], 'abcd'), 'SIP_ERR_CONTENT_LENGTH');
  });

  it.each(['Via', 'From', 'To', 'Call-ID', 'CSeq'])('rejects a request missing %s', (name) => {
    const lines = BASE.filter((l) => !l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    expect(lines).toHaveLength(BASE.length - 1);
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...lines, 'Content-Length: 0']), 'SIP_ERR_MISSING_HEADER');
  });

  it('rejects garbage, empty input and a missing blank line', () => {
    expectParseError(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]), 'SIP_ERR_START_LINE');
    expectParseError(Buffer.from('hello world\r\n\r\n'), 'SIP_ERR_START_LINE');
    expectParseError(Buffer.alloc(0), 'SIP_ERR_EMPTY_MESSAGE');
    expectParseError(Buffer.from('\r\n\r\n'), 'SIP_ERR_EMPTY_MESSAGE');
    expectParseError(Buffer.from(`INVITE sip:b@h SIP/2.0\r\n${BASE.join('\r\n')}`), 'SIP_ERR_NO_HEADER_END');
  });

  it('answers 505 for an unknown SIP version (RFC 4475 badvers)', () => {
    const e = expectParseError(wire(['OPTIONS sip:t.watson@example.org SIP/7.0', ...BASE]), 'SIP_ERR_VERSION');
    expect(e.status).toBe(505);
  });

  it('rejects a CSeq method that differs from the request method (RFC 4475 mismatch01)', () => {
    expectParseError(wire(['OPTIONS sip:b@h SIP/2.0', ...BASE]), 'SIP_ERR_CSEQ_METHOD');
  });

  it('rejects out-of-range numbers (RFC 4475 scalar02)', () => {
    const big = BASE.map((l) => (l.startsWith('CSeq') ? 'CSeq: 36893488147419103232 INVITE' : l));
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...big]), 'SIP_ERR_CSEQ');
    const mf = BASE.map((l) => (l.startsWith('Max-Forwards') ? 'Max-Forwards: 300' : l));
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...mf]), 'SIP_ERR_MAX_FORWARDS');
  });

  it('rejects whitespace and <> in the Request-URI (RFC 4475 lwsruri, ltgtruri)', () => {
    expectParseError(wire(['INVITE sip:user@example.com; lr SIP/2.0', ...BASE]), 'SIP_ERR_START_LINE');
    expectParseError(wire(['INVITE <sip:user@example.com> SIP/2.0', ...BASE]), 'SIP_ERR_START_LINE');
  });

  it('rejects an unterminated quoted display name (RFC 4475 quotbal)', () => {
    const lines = BASE.map((l) => (l.startsWith('From') ? 'From: "Mr J. User <sip:j.user@example.com>;tag=93334' : l));
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...lines]), 'SIP_ERR_NAME_ADDR');
  });

  it('rejects a Via without sent-by and a header line without a colon', () => {
    const lines = BASE.map((l) => (l.startsWith('Via') ? 'Via: SIP/2.0/UDP ;branch=z9hG4bK1' : l));
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...lines]), 'SIP_ERR_VIA');
    expectParseError(wire(['INVITE sip:b@h SIP/2.0', ...BASE, 'NoColonHere']), 'SIP_ERR_HEADER_LINE');
  });

  it('rejects a bad status code and oversized input', () => {
    expectParseError(wire(['SIP/2.0 99 Weird', ...BASE]), 'SIP_ERR_STATUS_CODE');
    expectParseError(wire(['SIP/2.0 2000 Weird', ...BASE]), 'SIP_ERR_STATUS_CODE');
    const e = (() => {
      try {
        parseMessage(Buffer.alloc(70_000, 0x41));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SipParseError);
    expect((e as SipParseError).code).toBe('SIP_ERR_TOO_LARGE');
  });
});
