import { SipParseError } from '../errors/sip-parse.error.js';
import { isToken, parseUnsigned } from './header.parser.js';
import { SipHeaders } from './sip-headers.model.js';
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
  const partial = { isRequest: parsedStart.isRequest, method: parsedStart.method, headers };

  try {
    if (firstEol >= 0) parseHeaderLines(head, firstEol + 2, headers);
    const body = extractBody(buf, headerEnd + 4, headers, options.datagram ?? true);
    for (const name of MANDATORY) {
      if (!headers.has(name)) throw new SipParseError('SIP_ERR_MISSING_HEADER', name);
    }
    const message: SipMessage = parsedStart.isRequest
      ? new SipRequest(parsedStart.method, parsedStart.uri, headers, body)
      : new SipResponse(parsedStart.status, parsedStart.reason, headers, body);
    validate(message);
    return message;
  } catch (err) {
    if (err instanceof SipParseError) err.partial ??= partial;
    throw err;
  }
}

type StartLine =
  | { isRequest: true; method: string; uri: string; status: 0; reason: '' }
  | { isRequest: false; method: undefined; uri: ''; status: number; reason: string };

function parseStartLine(line: string): StartLine {
  if (line.startsWith('SIP/')) {
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) throw new SipParseError('SIP_ERR_START_LINE', line.slice(0, 80));
    const version = line.slice(0, sp1);
    if (version.toUpperCase() !== 'SIP/2.0') throw new SipParseError('SIP_ERR_VERSION', version);
    const sp2 = line.indexOf(' ', sp1 + 1);
    const codeText = sp2 < 0 ? line.slice(sp1 + 1) : line.slice(sp1 + 1, sp2);
    if (!/^\d{3}$/.test(codeText)) throw new SipParseError('SIP_ERR_STATUS_CODE', codeText);
    const status = Number(codeText);
    if (status < 100 || status > 699) throw new SipParseError('SIP_ERR_STATUS_CODE', codeText);
    return { isRequest: false, method: undefined, uri: '', status, reason: sp2 < 0 ? '' : line.slice(sp2 + 1) };
  }
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) throw new SipParseError('SIP_ERR_START_LINE', line.slice(0, 80));
  const method = line.slice(0, sp1);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method)) throw new SipParseError('SIP_ERR_METHOD', method.slice(0, 40));
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) throw new SipParseError('SIP_ERR_START_LINE', `bad Request-URI "${uri.slice(0, 80)}"`);
  if (!/^SIP\/\d+\.\d+$/i.test(version)) throw new SipParseError('SIP_ERR_START_LINE', `bad version "${version.slice(0, 20)}"`);
  if (version.toUpperCase() !== 'SIP/2.0') throw new SipParseError('SIP_ERR_VERSION', version);
  return { isRequest: true, method, uri, status: 0, reason: '' };
}

function parseHeaderLines(head: string, pos: number, headers: SipHeaders): void {
  let name: string | undefined;
  let value = '';
  const n = head.length;
  while (pos < n) {
    let eol = head.indexOf('\r\n', pos);
    if (eol < 0) eol = n;
    const c = head.charCodeAt(pos);
    if (c === 0x20 || c === 0x09) {
      // folded continuation (RFC 3261 §7.3.1): replace the line break and indentation by one SP
      if (name === undefined) throw new SipParseError('SIP_ERR_HEADER_LINE', 'continuation before any header');
      value += ` ${head.slice(pos, eol).trim()}`;
    } else {
      if (name !== undefined) headers.appendRaw(name, value.trim());
      const colon = head.indexOf(':', pos);
      if (colon < 0 || colon > eol) throw new SipParseError('SIP_ERR_HEADER_LINE', head.slice(pos, Math.min(eol, pos + 80)));
      name = head.slice(pos, colon).trim();
      if (!isToken(name)) throw new SipParseError('SIP_ERR_HEADER_LINE', `bad header name "${name.slice(0, 40)}"`);
      value = head.slice(colon + 1, eol);
    }
    pos = eol + 2;
  }
  if (name !== undefined) headers.appendRaw(name, value.trim());
}

function extractBody(buf: Buffer, bodyStart: number, headers: SipHeaders, datagram: boolean): Buffer {
  const lines = headers.getLines('content-length');
  const available = buf.length - Math.min(bodyStart, buf.length);
  if (lines.length === 0) {
    return datagram ? buf.subarray(bodyStart) : Buffer.alloc(0);
  }
  let length: number | undefined;
  for (const line of lines) {
    const v = parseUnsigned(line, 'SIP_ERR_CONTENT_LENGTH', 0xffffffff);
    if (length !== undefined && length !== v) throw new SipParseError('SIP_ERR_CONTENT_LENGTH', 'conflicting values');
    length = v;
  }
  const len = length ?? 0;
  if (len > available) throw new SipParseError('SIP_ERR_BODY_TRUNCATED', `Content-Length ${len}, ${available} bytes available`);
  return buf.subarray(bodyStart, bodyStart + len);
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
