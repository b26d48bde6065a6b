import { splitHeaderList } from './header.parser.js';

/** RFC 3261 §7.3.3 and later RFCs: compact form to full (lower-case) name. */
const COMPACT: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/** Canonical spelling used when the stack writes a header whose name it knows. */
const CANONICAL: Readonly<Record<string, string>> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  contact: 'Contact',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  'max-forwards': 'Max-Forwards',
  route: 'Route',
  'record-route': 'Record-Route',
  expires: 'Expires',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  authorization: 'Authorization',
  'proxy-authorization': 'Proxy-Authorization',
  'retry-after': 'Retry-After',
  'user-agent': 'User-Agent',
  server: 'Server',
  allow: 'Allow',
  supported: 'Supported',
  'content-encoding': 'Content-Encoding',
  subject: 'Subject',
  event: 'Event',
  'refer-to': 'Refer-To',
  'referred-by': 'Referred-By',
  'session-expires': 'Session-Expires',
  'allow-events': 'Allow-Events',
  reason: 'Reason',
};

/** Headers whose value is a comma-separated list (RFC 3261 §7.3.1); others (Date, auth) are not split. */
const LIST_HEADERS = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'allow-events',
  'content-encoding',
  'in-reply-to',
  'path',
  'service-route',
]);

/** Lower-case full name of a header, expanding compact forms. */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
}

export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  return CANONICAL[key] ?? (name.length === 1 ? key : name);
}

interface HeaderEntry {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

/**
 * Ordered header list keeping raw values; lookups are case-insensitive and understand compact
 * forms. Parsed views (Via, From…) are memoised and dropped whenever the headers change.
 */
export class SipHeaders implements Iterable<[string, string]> {
  private entries: HeaderEntry[] = [];
  private cache: Map<string, unknown> | undefined;

  /** Appends a raw header line as received (no canonicalisation beyond compact expansion). */
  appendRaw(name: string, value: string): void {
    const key = headerKey(name);
    this.entries.push({ name: name.length === 1 ? canonicalHeaderName(name) : name, key, value });
    this.cache = undefined;
  }

  append(name: string, value: string | number): this {
    this.entries.push({ name: canonicalHeaderName(name), key: headerKey(name), value: String(value) });
    this.cache = undefined;
    return this;
  }

  /** Inserts before the first existing header of that name (Via and Route push on top). */
  prepend(name: string, value: string): this {
    const key = headerKey(name);
    const idx = this.entries.findIndex((e) => e.key === key);
    const entry = { name: canonicalHeaderName(name), key, value };
    if (idx < 0) this.entries.push(entry);
    else this.entries.splice(idx, 0, entry);
    this.cache = undefined;
    return this;
  }

  /** Replaces every header of that name with the given value(s), in place of the first one. */
  set(name: string, value: string | number | readonly string[]): this {
    const key = headerKey(name);
    const values = typeof value === 'object' ? value : [String(value)];
    const idx = this.entries.findIndex((e) => e.key === key);
    const fresh = values.map((v) => ({ name: canonicalHeaderName(name), key, value: v }));
    const kept = this.entries.filter((e) => e.key !== key);
    if (idx < 0) kept.push(...fresh);
    else kept.splice(idx, 0, ...fresh); // no entry of that name precedes idx
    this.entries = kept;
    this.cache = undefined;
    return this;
  }

  remove(name: string): this {
    const key = headerKey(name);
    this.entries = this.entries.filter((e) => e.key !== key);
    this.cache = undefined;
    return this;
  }

  /** Removes only the first value of a list header (a proxy popping its Route / a UAC its Via). */
  shift(name: string): string | undefined {
    const key = headerKey(name);
    const idx = this.entries.findIndex((e) => e.key === key);
    if (idx < 0) return undefined;
    const entry = this.entries[idx] as HeaderEntry;
    const parts = splitHeaderList(entry.value);
    const first = parts.shift();
    if (parts.length === 0) this.entries.splice(idx, 1);
    else this.entries[idx] = { ...entry, value: parts.join(', ') };
    this.cache = undefined;
    return first;
  }

  has(name: string): boolean {
    const key = headerKey(name);
    for (const e of this.entries) if (e.key === key) return true;
    return false;
  }

  /** First raw value. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const e of this.entries) if (e.key === key) return e.value;
    return undefined;
  }

  /** Raw values of every line of that header. */
  getLines(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const e of this.entries) if (e.key === key) out.push(e.value);
    return out;
  }

  /** All values; list headers are split at top-level commas across every line. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const lines = this.getLines(key);
    if (!LIST_HEADERS.has(key)) return lines;
    const out: string[] = [];
    for (const line of lines) for (const v of splitHeaderList(line)) out.push(v);
    return out;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Memoises a parsed view of the headers until the next change. */
  memo<T>(key: string, compute: () => T): T {
    this.cache ??= new Map();
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  /** Forgets the memoised views (they are recomputed on the next read). */
  dropCache(): void {
    this.cache = undefined;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    copy.entries = this.entries.slice();
    return copy;
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const e of this.entries) yield [e.name, e.value];
  }
}
