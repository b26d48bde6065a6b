import { SipParseError } from '../errors/sip-parse.error.js';
import { internMethod, isToken, parseUnsigned } from './header.parser.js';
import { SipHeaders, canonicalHeaderName, headerKey } from './sip-headers.model.js';
import { SipRequest, SipResponse, type SipMessage } from './sip-message.model.js';

export interface ParseOptions {
  /**
   * `true` for UDP: the datagram is the whole message, bytes beyond Content-Length are dropped
   * and a missing Content-Length means "the rest of the datagram". For stream transports the
   * framer has already cut the message at Content-Length.
   */
  readonly datagram?: boolean;
  /** Largest accepted message in bytes (default 65,535). */
  readonly maxSize?: number;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const MANDATORY = ['via', 'from', 'to', 'call-id', 'cseq'] as const;
const DEFAULT_MAX = 65_535;
/** Shared empty body: a zero-length Buffer holds nothing, so one instance serves every message. */
const EMPTY = Buffer.alloc(0);

/** Index of the first byte after leading CRLF keep-alives / empty lines. */
export function skipLeadingCrlf(buf: Buffer, start = 0): number {
  let i = start;
  while (i < buf.length && (buf[i] === 0x0d || buf[i] === 0x0a)) i++;
  return i;
}

/**
 * Parses one SIP message from `buf`. Throws `SipParseError` for anything malformed; the error's
 * `partial` carries the headers when the start line and headers were readable.
 */
export function parseMessage(buf: Buffer, options: ParseOptions = {}): SipMessage {
  const maxSize = options.maxSize ?? DEFAULT_MAX;
  if (buf.length > maxSize) throw new SipParseError('SIP_ERR_TOO_LARGE', `${buf.length} bytes`);
  const start = skipLeadingCrlf(buf);
  if (start >= buf.length) throw new SipParseError('SIP_ERR_EMPTY_MESSAGE');
  const headerEnd = buf.indexOf(CRLFCRLF, start);
  if (headerEnd < 0) throw new SipParseError('SIP_ERR_NO_HEADER_END');
  const head = buf.toString('utf8', start, headerEnd);

  const firstEol = head.indexOf('\r\n');
  const startLine = firstEol < 0 ? head : head.slice(0, firstEol);
  const parsedStart = parseStartLine(startLine);
  const headers = new SipHeaders();

  try {
    if (firstEol >= 0) parseHeaderLines(head, firstEol + 2, headers);
    const body = extractBody(buf, headerEnd + 4, headers, options.datagram ?? true);
    const missing = missingMandatory(headers);
    if (missing !== undefined) throw new SipParseError('SIP_ERR_MISSING_HEADER', missing);
    const message: SipMessage = parsedStart.isRequest
      ? new SipRequest(parsedStart.method, parsedStart.uri, headers, body)
      : new SipResponse(parsedStart.status, parsedStart.reason, headers, body);
    validate(message);
    return message;
  } catch (err) {
    // what the stack needs to answer 400 (made only on failure: parsing is the hot path)
    if (err instanceof SipParseError) err.partial ??= { isRequest: parsedStart.isRequest, method: parsedStart.method, headers };
    throw err;
  }
}

/** The first of `MANDATORY` the headers lack, in that order, from one pass over the keys. */
function missingMandatory(headers: SipHeaders): string | undefined {
  let seen = 0;
  const n = headers.size;
  for (let i = 0; i < n; i++) {
    switch (headers.keyAt(i)) {
      case 'via':
        seen |= 1;
        break;
      case 'from':
        seen |= 2;
        break;
      case 'to':
        seen |= 4;
        break;
      case 'call-id':
        seen |= 8;
        break;
      case 'cseq':
        seen |= 16;
        break;
    }
  }
  if (seen === 31) return undefined;
  for (let k = 0; k < MANDATORY.length; k++) if ((seen & (1 << k)) === 0) return MANDATORY[k];
  return undefined;
}

type StartLine =
  | { isRequest: true; method: string; uri: string; status: 0; reason: '' }
  | { isRequest: false; method: undefined; uri: ''; status: number; reason: string };

function parseStartLine(line: string): StartLine {
  if (line.startsWith('SIP/')) {
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) throw new SipParseError('SIP_ERR_START_LINE', line.slice(0, 80));
    const version = line.slice(0, sp1);
    if (version !== 'SIP/2.0' && version.toUpperCase() !== 'SIP/2.0') throw new SipParseError('SIP_ERR_VERSION', version);
    const sp2 = line.indexOf(' ', sp1 + 1);
    const codeEnd = sp2 < 0 ? line.length : sp2;
    if (codeEnd - sp1 - 1 !== 3 || !isDigit(line, sp1 + 1) || !isDigit(line, sp1 + 2) || !isDigit(line, sp1 + 3)) {
      throw new SipParseError('SIP_ERR_STATUS_CODE', line.slice(sp1 + 1, codeEnd));
    }
    const status = (line.charCodeAt(sp1 + 1) - 48) * 100 + (line.charCodeAt(sp1 + 2) - 48) * 10 + (line.charCodeAt(sp1 + 3) - 48);
    if (status < 100 || status > 699) throw new SipParseError('SIP_ERR_STATUS_CODE', line.slice(sp1 + 1, codeEnd));
    return { isRequest: false, method: undefined, uri: '', status, reason: sp2 < 0 ? '' : line.slice(sp2 + 1) };
  }
  const sp1 = line.indexOf(' ');
  // the version in use ends almost every request line: `lastIndexOf` is a call into the runtime
  const sp2 = line.endsWith(' SIP/2.0') ? line.length - 8 : line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) throw new SipParseError('SIP_ERR_START_LINE', line.slice(0, 80));
  const method = internMethod(line.slice(0, sp1));
  const uri = line.slice(sp1 + 1, sp2);
  if (!isToken(method)) throw new SipParseError('SIP_ERR_METHOD', method.slice(0, 40));
  if (!isRequestUri(uri)) throw new SipParseError('SIP_ERR_START_LINE', `bad Request-URI "${uri.slice(0, 80)}"`);
  // the one version in use is compared as is; anything else goes through the full checks
  if (line.length - sp2 - 1 !== 7 || !line.endsWith('SIP/2.0')) {
    const version = line.slice(sp2 + 1);
    if (!/^SIP\/\d+\.\d+$/i.test(version)) throw new SipParseError('SIP_ERR_START_LINE', `bad version "${version.slice(0, 20)}"`);
    if (version.toUpperCase() !== 'SIP/2.0') throw new SipParseError('SIP_ERR_VERSION', version);
  }
  return { isRequest: true, method, uri, status: 0, reason: '' };
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** `scheme ":" 1*non-space` with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), without a regex. */
function isRequestUri(uri: string): boolean {
  const n = uri.length;
  const c0 = uri.charCodeAt(0) | 0x20;
  if (n < 3 || c0 < 0x61 || c0 > 0x7a) return false;
  let i = 1;
  for (; i < n; i++) {
    const c = uri.charCodeAt(i);
    if (c === 0x3a) break;
    const l = c | 0x20;
    if (!((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  }
  if (i >= n - 1) return false;
  // \S in the former regex: no whitespace of any kind (SP, HT, CR, LF, VT, FF, NBSP and the like)
  for (i++; i < n; i++) {
    const c = uri.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && /\s/.test(uri[i] as string))) return false;
  }
  return true;
}

/**
 * Header names as most peers write them, by length and first character: a line whose name is one
 * of these is recognised in place (`startsWith` at its offset), with no slice, no `toLowerCase()`
 * and no token check. Compact forms map to their full name. Any other spelling takes the general
 * path.
 */
type KnownName = readonly [written: string, stored: string, key: string];

/** Index of a name in `KNOWN_NAMES`: its length and first character (names longer than 31 are not listed). */
function knownIndex(length: number, first: number): number {
  return length < 32 && first < 128 ? length * 128 + first : -1;
}

const KNOWN_NAMES: readonly (readonly KnownName[] | undefined)[] = (() => {
  const names = [
    'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Max-Forwards', 'Content-Type', 'Content-Length',
    'Subject', 'User-Agent', 'Server', 'Allow', 'Supported', 'Require', 'Route', 'Record-Route', 'Expires',
    'Authorization', 'WWW-Authenticate', 'Proxy-Authorization', 'Proxy-Authenticate', 'Accept', 'Date',
    'Event', 'Allow-Events', 'Session-Expires', 'Min-SE', 'P-Asserted-Identity', 'Privacy', 'Reason',
    'Call-Id', 'Cseq', 'CSEQ', 'Max-forwards', 'Content-type', 'Content-length', 'User-agent',
    'v', 'f', 't', 'i', 'm', 'l', 'c', 'k', 's', 'e', 'o', 'u', 'x',
  ];
  const table: KnownName[][] = [];
  for (const written of names) {
    const key = headerKey(written);
    const entry: KnownName = [written, written.length === 1 ? canonicalHeaderName(written) : written, key];
    (table[knownIndex(written.length, written.charCodeAt(0))] ??= []).push(entry);
  }
  return table;
})();

/** Appends the header line `head[pos..colon)` : `value` to `headers`. */
function addLine(headers: SipHeaders, head: string, pos: number, colon: number, value: string): void {
  const idx = knownIndex(colon - pos, head.charCodeAt(pos));
  const candidates = idx < 0 ? undefined : KNOWN_NAMES[idx];
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i++) {
      const known = candidates[i] as KnownName;
      if (head.startsWith(known[0], pos)) {
        headers.appendKnown(known[1], known[2], value);
        return;
      }
    }
  }
  const name = head.slice(pos, colon).trim();
  if (!isToken(name)) throw new SipParseError('SIP_ERR_HEADER_LINE', `bad header name "${name.slice(0, 40)}"`);
  headers.appendKnown(name.length === 1 ? canonicalHeaderName(name) : name, headerKey(name), value);
}

/** `s.slice(start, end)` without leading and trailing whitespace, as `trim()` would give. */
function trimmedSlice(s: string, start: number, end: number): string {
  while (start < end) {
    const c = s.charCodeAt(start);
    if (c !== 0x20 && c !== 0x09) break;
    start++;
  }
  const first = s.charCodeAt(start);
  const last = s.charCodeAt(end - 1);
  // plain printable ASCII at both ends: nothing else for trim() to remove
  if (start < end && first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return s.slice(start, end);
  return s.slice(start, end).trim();
}

function parseHeaderLines(head: string, pos: number, headers: SipHeaders): void {
  // the pending line (name at head[namePos..colon)) is added once its continuation lines are read
  let namePos = -1;
  let colon = -1;
  let value = '';
  let folded = false;
  const n = head.length;
  while (pos < n) {
    let eol = head.indexOf('\r\n', pos);
    if (eol < 0) eol = n;
    const c = head.charCodeAt(pos);
    if (c === 0x20 || c === 0x09) {
      // folded continuation (RFC 3261 §7.3.1): replace the line break and indentation by one SP
      if (namePos < 0) throw new SipParseError('SIP_ERR_HEADER_LINE', 'continuation before any header');
      value += ` ${head.slice(pos, eol).trim()}`;
      folded = true;
    } else {
      if (namePos >= 0) addLine(headers, head, namePos, colon, folded ? value.trim() : value);
      colon = head.indexOf(':', pos);
      if (colon < 0 || colon > eol) throw new SipParseError('SIP_ERR_HEADER_LINE', head.slice(pos, Math.min(eol, pos + 80)));
      namePos = pos;
      value = trimmedSlice(head, colon + 1, eol);
      folded = false;
    }
    pos = eol + 2;
  }
  if (namePos >= 0) addLine(headers, head, namePos, colon, folded ? value.trim() : value);
}

function extractBody(buf: Buffer, bodyStart: number, headers: SipHeaders, datagram: boolean): Buffer {
  const available = buf.length - Math.min(bodyStart, buf.length);
  let length: number | undefined;
  for (let i = 0; i < headers.size; i++) {
    if (headers.keyAt(i) !== 'content-length') continue;
    const v = parseUnsigned(headers.valueAt(i), 'SIP_ERR_CONTENT_LENGTH', 0xffffffff);
    if (length !== undefined && length !== v) throw new SipParseError('SIP_ERR_CONTENT_LENGTH', 'conflicting values');
    length = v;
  }
  if (length === undefined) {
    return datagram && available > 0 ? buf.subarray(bodyStart) : EMPTY;
  }
  const len = length;
  if (len > available) throw new SipParseError('SIP_ERR_BODY_TRUNCATED', `Content-Length ${len}, ${available} bytes available`);
  // most requests carry no body (ACK, BYE): the shared empty one, not a new view of the datagram
  return len === 0 ? EMPTY : buf.subarray(bodyStart, bodyStart + len);
}

function validate(message: SipMessage): void {
  const cseq = message.cseq;
  if (message.kind === 'request') {
    if (cseq.method !== message.method) throw new SipParseError('SIP_ERR_CSEQ_METHOD', `${cseq.method} vs ${message.method}`);
    void message.maxForwards;
  }
  void message.via;
  void message.from;
  void message.to;
  if (message.callId.length === 0) throw new SipParseError('SIP_ERR_MISSING_HEADER', 'Call-ID is empty');
}
