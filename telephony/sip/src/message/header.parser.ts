import { SipParseError } from '../errors/sip-parse.error.js';
import type { AuthHeader, CSeq, NameAddr, SipParams, SipUri, Via } from './message.types.js';

const SP = 0x20;
const HT = 0x09;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LT = 0x3c;
const GT = 0x3e;
const COMMA = 0x2c;
const SEMI = 0x3b;
const EQ = 0x3d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isWs(c: number): boolean {
  return c === SP || c === HT || c === 0x0d || c === 0x0a;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the closing quote of a quoted string starting at `i` (which is a `"`). */
function endOfQuoted(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (c === DQUOTE) return j + 1;
    else j++;
  }
  return -1;
}

/** Removes the quotes and `\` escapes of a quoted string. */
export function unquote(s: string): string {
  if (s.length < 2 || s.charCodeAt(0) !== DQUOTE || s.charCodeAt(s.length - 1) !== DQUOTE) return s;
  const inner = s.slice(1, -1);
  return inner.includes('\\') ? inner.replace(/\\(.)/g, '$1') : inner;
}

export function quote(s: string): string {
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Splits a comma-separated header value (Via, Contact, Route, …) at top-level commas,
 * ignoring commas inside quoted strings and `<…>`.
 */
export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let angle = 0;
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (c === DQUOTE) {
      const end = endOfQuoted(value, i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === LT) angle++;
    else if (c === GT && angle > 0) angle--;
    else if (c === COMMA && angle === 0) {
      const part = value.slice(start, i).trim();
      if (part.length > 0) out.push(part);
      start = i + 1;
    }
    i++;
  }
  const last = value.slice(start).trim();
  if (last.length > 0) out.push(last);
  return out;
}

/** Where `parseParams` puts what it reads: a `Map` (SipParams), or a `KeyParams`. */
export interface ParamSink {
  set(name: string, value: string | null): unknown;
}

/**
 * Keeps only the parameters the stack reads on every message (branch, received, rport, tag),
 * while `parseParams` still checks the syntax of all of them. One small object instead of a
 * `Map` per Via and per name-addr; the full `Map` is built if anyone asks for `params`.
 */
class KeyParams implements ParamSink {
  branch: string | null | undefined = undefined;
  received: string | null | undefined = undefined;
  rport: string | null | undefined = undefined;
  tag: string | null | undefined = undefined;

  /** Clears the fields for the next value (one instance serves every parse: see `KEY_PARAMS`). */
  reset(): this {
    this.branch = undefined;
    this.received = undefined;
    this.rport = undefined;
    this.tag = undefined;
    return this;
  }

  set(name: string, value: string | null): this {
    // names come lower-cased and, for these, as the constants of COMMON_PARAMS
    if (name === 'branch') this.branch = value;
    else if (name === 'tag') this.tag = value;
    else if (name === 'received') this.received = value;
    else if (name === 'rport') this.rport = value;
    return this;
  }
}

/**
 * The one `KeyParams` the parsers fill: parsing never re-enters itself, and the fields are copied
 * out before the parse returns, so no object is made per Via or name-addr.
 */
const KEY_PARAMS = new KeyParams();

/** Parameter names met on almost every message, in lower case: matched in place, not sliced. */
const COMMON_PARAMS = ['branch', 'tag', 'rport', 'received', 'lr', 'transport', 'maddr', 'ttl', 'expires', 'q'];

/** Lower-case name of the parameter at `s[start..end)`. */
function paramName(s: string, start: number, end: number): string {
  const len = end - start;
  for (let k = 0; k < COMMON_PARAMS.length; k++) {
    const p = COMMON_PARAMS[k] as string;
    if (p.length === len && s.startsWith(p, start)) return p;
  }
  return s.slice(start, end).toLowerCase();
}

/**
 * Parses `;name=value;flag` parameters starting at `i` (at a `;` or whitespace before it).
 * Stops at the end, or at `stopAt` (e.g. `?` for URI headers). Returns the end index.
 */
export function parseParams(s: string, i: number, params: ParamSink, stopAt = -1): number {
  const n = s.length;
  for (;;) {
    i = skipWs(s, i);
    if (i >= n || s.charCodeAt(i) !== SEMI) return i;
    i = skipWs(s, i + 1);
    const nameStart = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === EQ || c === SEMI || isWs(c) || c === stopAt || c === COMMA) break;
      i++;
    }
    const name = paramName(s, nameStart, i);
    i = skipWs(s, i);
    let value: string | null = null;
    if (i < n && s.charCodeAt(i) === EQ) {
      i = skipWs(s, i + 1);
      if (i < n && s.charCodeAt(i) === DQUOTE) {
        const end = endOfQuoted(s, i);
        if (end < 0) throw new SipParseError('SIP_ERR_HEADER_LINE', 'unterminated quoted parameter');
        value = s.slice(i, end);
        i = end;
      } else {
        const vStart = i;
        // An IPv6 reference as a parameter value (received=[::1]) contains ':' but no ';'.
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === SEMI || isWs(c) || c === stopAt || c === COMMA) break;
          i++;
        }
        value = s.slice(vStart, i);
      }
    }
    if (name.length > 0) params.set(name, value);
  }
}

/** Splits `host[:port]` where host may be an IPv6 reference. */
export function parseHostPort(s: string, code: 'SIP_ERR_VIA' | 'SIP_ERR_URI'): { host: string; port: number | undefined } {
  let host: string;
  let rest: string;
  if (s.charCodeAt(0) === LBRACKET) {
    const close = s.indexOf(']');
    if (close < 0) throw new SipParseError(code, `unterminated IPv6 reference in "${s}"`);
    host = s.slice(0, close + 1);
    rest = s.slice(close + 1);
  } else {
    const colon = s.indexOf(':');
    if (colon > 0) {
      // fast path for host:port, the usual sent-by: the port read in place, no slices but the host
      const port = portAt(s, colon + 1);
      if (port !== undefined) {
        host = s.slice(0, colon);
        if (!isValidHost(host)) throw new SipParseError(code, `invalid host "${host}"`);
        return { host, port };
      }
    }
    host = colon < 0 ? s : s.slice(0, colon);
    rest = colon < 0 ? '' : s.slice(colon);
  }
  if (host.length === 0 || host === '[]') throw new SipParseError(code, `empty host in "${s}"`);
  if (!isValidHost(host)) throw new SipParseError(code, `invalid host "${host}"`);
  if (rest.length === 0) return { host, port: undefined };
  if (rest.charCodeAt(0) !== 0x3a) throw new SipParseError(code, `junk after host in "${s}"`);
  const portText = rest.slice(1);
  if (!isPortDigits(portText)) throw new SipParseError(code, `invalid port in "${s}"`);
  const port = Number(portText);
  if (port > 65535) throw new SipParseError(code, `port out of range in "${s}"`);
  return { host, port };
}

/** The port written from `i` to the end of `s` (1 to 5 digits, at most 65535), or undefined. */
function portAt(s: string, i: number): number | undefined {
  const n = s.length;
  if (i >= n || n - i > 5) return undefined;
  let port = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    port = port * 10 + (c - 0x30);
  }
  return port <= 65535 ? port : undefined;
}

function isValidHost(host: string): boolean {
  if (host.charCodeAt(0) === LBRACKET) {
    if (host.charCodeAt(host.length - 1) !== RBRACKET) return false;
    return /^[0-9a-fA-F:.]+$/.test(host.slice(1, -1));
  }
  // hostname or IPv4: alphanumerics, '-', '.', no bare IPv6 without brackets
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e;
    if (!ok) return false;
  }
  return true;
}

/** Parses a SIP, SIPS or other URI (`tel:`…, in which case only scheme and raw are meaningful). */
export function parseUri(raw: string): SipUri {
  const text = raw.trim();
  const colon = text.indexOf(':');
  if (colon <= 0) throw new SipParseError('SIP_ERR_URI', `no scheme in "${raw}"`);
  const scheme = text.slice(0, colon).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) throw new SipParseError('SIP_ERR_URI', `invalid scheme in "${raw}"`);
  const params: SipParams = new Map();
  if (scheme !== 'sip' && scheme !== 'sips') {
    return { scheme, user: undefined, password: undefined, host: '', port: undefined, params, headers: undefined, raw: text };
  }
  let rest = text.slice(colon + 1);
  let user: string | undefined;
  let password: string | undefined;
  // userinfo may contain ';' (escaped user parts, RFC 4475), so take the last '@' before URI headers.
  const q = rest.indexOf('?');
  const at = rest.lastIndexOf('@', q < 0 ? rest.length : q);
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pc = userinfo.indexOf(':');
    user = pc < 0 ? userinfo : userinfo.slice(0, pc);
    password = pc < 0 ? undefined : userinfo.slice(pc + 1);
    if (user.length === 0) throw new SipParseError('SIP_ERR_URI', `empty user in "${raw}"`);
    if (/[\s<>"]/.test(userinfo)) throw new SipParseError('SIP_ERR_URI', `invalid userinfo in "${raw}"`);
  }
  let hpEnd = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === SEMI || c === 0x3f) {
      hpEnd = i;
      break;
    }
  }
  const { host, port } = parseHostPort(rest.slice(0, hpEnd), 'SIP_ERR_URI');
  const end = parseParams(rest, hpEnd, params, 0x3f);
  let headers: string | undefined;
  if (end < rest.length) {
    if (rest.charCodeAt(end) !== 0x3f) throw new SipParseError('SIP_ERR_URI', `junk in "${raw}"`);
    headers = rest.slice(end + 1);
  }
  return { scheme, user, password, host, port, params, headers, raw: text };
}

export function formatHost(host: string, port: number | undefined): string {
  return port === undefined ? host : `${host}:${port}`;
}

/** Sent-protocols recognised without splitting (`parseVia`'s fast path). */
const FAST_PROTOCOLS = ['SIP/2.0/UDP', 'SIP/2.0/TCP', 'SIP/2.0/TLS', 'SIP/2.0/SCTP', 'SIP/2.0/WSS', 'SIP/2.0/WS'];
/** Their transports, as constants too (no slice per Via). */
const FAST_TRANSPORTS = FAST_PROTOCOLS.map((p) => p.slice(8));

/** Parses one Via value (`SIP/2.0/UDP host:port;branch=…`), tolerating LWS around `/`. */
export function parseVia(raw: string): Via {
  const s = raw;
  const n = s.length;
  let i = skipWs(s, 0);
  let protocol: string | undefined;
  let transport = '';
  // Fast path: the sent-protocols in use, written without inner spaces, as constants.
  if (s.startsWith('SIP/2.0/', i)) {
    for (let k = 0; k < FAST_PROTOCOLS.length; k++) {
      const p = FAST_PROTOCOLS[k] as string;
      const end = i + p.length;
      if (s.startsWith(p, i) && end < n && isWs(s.charCodeAt(end))) {
        protocol = p;
        transport = FAST_TRANSPORTS[k] as string;
        i = skipWs(s, end);
        break;
      }
    }
  }
  if (protocol === undefined) {
    const parts: string[] = [];
    for (let k = 0; k < 3; k++) {
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 0x2f || isWs(c)) break;
        i++;
      }
      parts.push(s.slice(start, i));
      i = skipWs(s, i);
      if (k < 2) {
        if (i >= n || s.charCodeAt(i) !== 0x2f) throw new SipParseError('SIP_ERR_VIA', `bad sent-protocol in "${raw}"`);
        i = skipWs(s, i + 1);
      }
    }
    const [name, version, transportRaw] = parts as [string, string, string];
    if (name.length === 0 || version.length === 0 || transportRaw.length === 0) {
      throw new SipParseError('SIP_ERR_VIA', `bad sent-protocol in "${raw}"`);
    }
    transport = transportRaw.toUpperCase();
    protocol = `${name}/${version}/${transport}`;
  }
  const sbStart = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === SEMI || isWs(c) || c === 0x28) break;
    i++;
  }
  let sentBy = s.slice(sbStart, i);
  // LWS allowed around ':' in sent-by (RFC 3261 HCOLON); glue it back together.
  let j = skipWs(s, i);
  if (j < n && s.charCodeAt(j) === 0x3a) {
    j = skipWs(s, j + 1);
    const pStart = j;
    while (j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
    sentBy += `:${s.slice(pStart, j)}`;
    i = j;
  }
  if (sentBy.length === 0) throw new SipParseError('SIP_ERR_VIA', `missing sent-by in "${raw}"`);
  const { host, port } = parseHostPort(sentBy, 'SIP_ERR_VIA');
  const found = KEY_PARAMS.reset();
  const end = parseParams(s, i, found);
  const tail = skipWs(s, end);
  if (tail < n && s.charCodeAt(tail) !== 0x28) throw new SipParseError('SIP_ERR_VIA', `junk after params in "${raw}"`);
  const rportRaw = found.rport;
  let rport: number | true | undefined;
  if (rportRaw === null) rport = true;
  else if (rportRaw !== undefined) {
    if (!isPortDigits(rportRaw)) throw new SipParseError('SIP_ERR_VIA', `bad rport in "${raw}"`);
    rport = Number(rportRaw);
  }
  return new ParsedVia(protocol, transport, host, port, found.branch ?? undefined, found.received ?? undefined, rport, raw, i);
}

/**
 * A header value whose `params` Map is built on first read from the text after `paramsAt`
 * (already checked while parsing): matching needs only a few parameters, kept as fields.
 */
abstract class LazyParams {
  private paramMap: SipParams | undefined;
  readonly raw: string;

  protected constructor(
    private readonly source: string,
    private readonly paramsAt: number,
  ) {
    this.raw = source.trim();
  }

  get params(): SipParams {
    if (this.paramMap === undefined) {
      const map: SipParams = new Map();
      parseParams(this.source, this.paramsAt, map);
      this.paramMap = map;
    }
    return this.paramMap;
  }
}

/** A parsed Via: branch, received and rport are fields, the rest waits in `params`. */
class ParsedVia extends LazyParams implements Via {
  constructor(
    readonly protocol: string,
    readonly transport: string,
    readonly host: string,
    readonly port: number | undefined,
    readonly branch: string | undefined,
    readonly received: string | undefined,
    readonly rport: number | true | undefined,
    source: string,
    paramsAt: number,
  ) {
    super(source, paramsAt);
  }
}

/** Parses a name-addr or addr-spec (From, To, Contact, Route, Record-Route, Refer-To…). */
export function parseNameAddr(raw: string): NameAddr {
  const s = raw;
  const n = s.length;
  let i = skipWs(s, 0);
  if (i >= n) throw new SipParseError('SIP_ERR_NAME_ADDR', 'empty value');
  if (s.charCodeAt(i) === 0x2a) {
    const params: SipParams = new Map();
    const end = parseParams(s, i + 1, params);
    if (skipWs(s, end) < n) throw new SipParseError('SIP_ERR_NAME_ADDR', `junk after * in "${raw}"`);
    return { displayName: undefined, uri: '*', params, tag: undefined, wildcard: true, raw: raw.trim() };
  }
  let displayName: string | undefined;
  let uri: string;
  let after: number;
  if (s.charCodeAt(i) === DQUOTE) {
    const end = endOfQuoted(s, i);
    if (end < 0) throw new SipParseError('SIP_ERR_NAME_ADDR', `unterminated display name in "${raw}"`);
    displayName = unquote(s.slice(i, end));
    i = skipWs(s, end);
    if (i >= n || s.charCodeAt(i) !== LT) throw new SipParseError('SIP_ERR_NAME_ADDR', `expected < after display name in "${raw}"`);
  }
  const lt = s.charCodeAt(i) === LT ? i : findTopLevelLt(s, i);
  if (lt >= 0) {
    if (displayName === undefined) {
      const d = s.slice(i, lt).trim();
      displayName = d.length > 0 ? d : undefined;
    }
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) throw new SipParseError('SIP_ERR_NAME_ADDR', `unterminated <URI> in "${raw}"`);
    uri = s.slice(lt + 1, gt).trim();
    after = gt + 1;
  } else {
    // addr-spec: the URI cannot contain ';' (those are header params), nor whitespace.
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SEMI || isWs(c)) break;
      i++;
    }
    uri = s.slice(start, i);
    after = i;
  }
  if (uri.length === 0 || uri.indexOf(':') <= 0) throw new SipParseError('SIP_ERR_NAME_ADDR', `invalid URI in "${raw}"`);
  const found = KEY_PARAMS.reset();
  const end = parseParams(s, after, found);
  if (skipWs(s, end) < n) throw new SipParseError('SIP_ERR_NAME_ADDR', `junk after URI in "${raw}"`);
  return new ParsedNameAddr(displayName, uri, found.tag ?? undefined, raw, after);
}

/** A parsed name-addr: the tag is a field, the rest waits in `params`. */
class ParsedNameAddr extends LazyParams implements NameAddr {
  readonly wildcard = false;

  constructor(
    readonly displayName: string | undefined,
    readonly uri: string,
    readonly tag: string | undefined,
    source: string,
    paramsAt: number,
  ) {
    super(source, paramsAt);
  }
}

function findTopLevelLt(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LT) return i;
    if (c === SEMI) return -1;
  }
  return -1;
}

/** RFC 3261 token characters: alphanumerics and `-.!%*_+\`'~`, as a lookup table by char code. */
const TOKEN_CHARS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  for (const ch of "-.!%*_+`'~") t[ch.charCodeAt(0)] = 1;
  return t;
})();

export function isToken(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] === 0) return false;
  }
  return true;
}

/** 1 to 5 ASCII digits (a port or an rport value), without a regex. */
function isPortDigits(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 5) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The methods in use, as string literals (internalized in V8): a method read from a message is
 * replaced by its literal, so that comparing it (`method === 'ACK'`, CSeq method against request
 * method) or looking it up in a `Map` needs no look at its characters.
 */
const METHODS: ReadonlyMap<string, string> = new Map(
  ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH'].map(
    (m) => [m, m],
  ),
);

/** `method` itself, or the equal literal when it is one of the methods in use. */
export function internMethod(method: string): string {
  return METHODS.get(method) ?? method;
}

export function parseCSeq(raw: string): CSeq {
  const s = raw.trim();
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === 0 || i > 10) throw new SipParseError('SIP_ERR_CSEQ', `bad sequence number in "${raw}"`);
  const seq = Number(s.slice(0, i));
  if (seq > 0x7fffffff) throw new SipParseError('SIP_ERR_CSEQ', `sequence number out of range in "${raw}"`);
  const method = s.slice(i).trim();
  if (i === s.length || !isWs(s.charCodeAt(i)) || !isToken(method)) throw new SipParseError('SIP_ERR_CSEQ', `bad method in "${raw}"`);
  return { seq, method: internMethod(method) };
}

/** Parses a non-negative decimal integer header (Content-Length, Max-Forwards, Expires). */
export function parseUnsigned(raw: string, code: 'SIP_ERR_CONTENT_LENGTH' | 'SIP_ERR_MAX_FORWARDS' | 'SIP_ERR_EXPIRES', max: number): number {
  const s = raw.trim();
  if (s.length === 0 || s.length > 10) throw new SipParseError(code, `"${raw}"`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new SipParseError(code, `"${raw}"`);
  }
  const v = Number(s);
  if (v > max) throw new SipParseError(code, `"${raw}" out of range`);
  return v;
}

/** Parses `Digest username="…", realm="…", …` (Authorization, WWW-Authenticate, Proxy-*). */
export function parseAuthHeader(raw: string): AuthHeader {
  const s = raw.trim();
  const sp = s.search(/\s/);
  if (sp <= 0) throw new SipParseError('SIP_ERR_AUTH', `no parameters in "${raw}"`);
  const scheme = s.slice(0, sp);
  const params = new Map<string, string>();
  for (const part of splitHeaderList(s.slice(sp + 1))) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new SipParseError('SIP_ERR_AUTH', `bad parameter "${part}"`);
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    params.set(name, unquote(value));
  }
  return { scheme, params };
}

export function formatParams(params: SipParams): string {
  let out = '';
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

export function formatNameAddr(addr: { displayName?: string | undefined; uri: string; params?: SipParams }): string {
  const display = addr.displayName === undefined ? '' : `${quote(addr.displayName)} `;
  return `${display}<${addr.uri}>${addr.params ? formatParams(addr.params) : ''}`;
}
