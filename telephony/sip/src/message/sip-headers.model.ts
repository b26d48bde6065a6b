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

/**
 * Canonical spelling used when the stack writes a header whose name it knows. A `Map`, not an
 * object literal: a header named `constructor` or `toString` must not find `Object.prototype`'s.
 */
const CANONICAL: ReadonlyMap<string, string> = new Map(
  Object.entries({
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
  }),
);

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

/**
 * Lower-case keys of the header names seen so far, as written. Messages repeat the same few dozen
 * spellings (`Via`, `Call-ID`, `v`), so a lookup replaces a `toLowerCase()` and a compact-form
 * check per header line. Capped so that a peer sending random names can't grow it.
 */
const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_MAX = 512;

/**
 * The keys of the headers the stack knows, as string literals. A literal is an internalized string
 * in V8, unique for its text: compared with another internalized string (`keyAt(i) === 'via'`,
 * `case 'cseq':`) it is equal only if it is the same string, with no look at the characters. The
 * key computed with `toLowerCase()` is a fresh string whose characters had to be compared each time.
 */
const INTERNED_KEYS: ReadonlyMap<string, string> = new Map(
  [
    'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards', 'content-type', 'content-length',
    'subject', 'user-agent', 'server', 'allow', 'supported', 'require', 'proxy-require', 'unsupported',
    'route', 'record-route', 'expires', 'authorization', 'www-authenticate', 'proxy-authorization',
    'proxy-authenticate', 'accept', 'accept-encoding', 'accept-language', 'date', 'event', 'allow-events',
    'session-expires', 'min-se', 'p-asserted-identity', 'privacy', 'reason', 'retry-after', 'content-encoding',
    'refer-to', 'referred-by', 'in-reply-to', 'path', 'service-route', 'timestamp', 'organization',
  ].map((k) => [k, k]),
);

/** Lower-case full name of a header, expanding compact forms. */
export function headerKey(name: string): string {
  const cached = KEY_CACHE.get(name);
  if (cached !== undefined) return cached;
  const lower = name.toLowerCase();
  const key = lower.length === 1 ? (COMPACT[lower] ?? lower) : (INTERNED_KEYS.get(lower) ?? lower);
  if (KEY_CACHE.size < KEY_CACHE_MAX) KEY_CACHE.set(name, key);
  return key;
}

export function canonicalHeaderName(name: string): string {
  return canonicalFor(name, headerKey(name));
}

/** `canonicalHeaderName` when the key of `name` is already known. */
function canonicalFor(name: string, key: string): string {
  return CANONICAL.get(key) ?? (name.length === 1 ? key : name);
}

/** True when `value` is a list header (split at top-level commas by `getAll`). */
export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}

/** Slots of the parsed views read on every message, kept in an array rather than a Map. */
export const MemoSlot = { Via0: 0, CSeq: 1, From: 2, To: 3, MaxForwards: 4, Contacts: 5 } as const;
export type MemoSlot = (typeof MemoSlot)[keyof typeof MemoSlot];

/**
 * The slot whose view is parsed from the header `key`, or -1. A change to any other header leaves
 * the slots valid (a response's `Server` or `Contact` added after its Via view was set, say).
 */
function slotOfKey(key: string): MemoSlot | -1 {
  switch (key) {
    case 'via':
      return MemoSlot.Via0;
    case 'cseq':
      return MemoSlot.CSeq;
    case 'from':
      return MemoSlot.From;
    case 'to':
      return MemoSlot.To;
    case 'max-forwards':
      return MemoSlot.MaxForwards;
    case 'contact':
      return MemoSlot.Contacts;
    default:
      return -1;
  }
}

/**
 * Ordered header list keeping raw values; lookups are case-insensitive and understand compact
 * forms. Parsed views (Via, From…) are memoised and dropped whenever the headers change.
 *
 * The entries live in three parallel arrays (name as written, lower-case key, raw value) rather
 * than one object per header: a parsed message holds a dozen headers, and at thousands of
 * messages a second the objects were a good part of what the garbage collector had to sweep.
 */
export class SipHeaders implements Iterable<[string, string]> {
  private names: string[] = [];
  private keys: string[] = [];
  private values: string[] = [];
  private cache: Map<string, unknown> | undefined;
  private slots: unknown[] | undefined;
  /** Bumped by every change, so that bytes serialised earlier can tell they are stale. */
  version = 0;

  /** Appends a raw header line as received (no canonicalisation beyond compact expansion). */
  appendRaw(name: string, value: string): void {
    const key = headerKey(name);
    this.push(name.length === 1 ? canonicalFor(name, key) : name, key, value);
    this.changed(key);
  }

  /**
   * Appends a line whose key the caller already knows (the parser, after its own name checks;
   * the response builder copying a request's lines): no lookup of the spelling.
   */
  appendKnown(name: string, key: string, value: string): void {
    this.push(name, key, value);
    this.changed(key);
  }

  append(name: string, value: string | number): this {
    const key = headerKey(name);
    this.push(canonicalFor(name, key), key, typeof value === 'string' ? value : String(value));
    this.changed(key);
    return this;
  }

  /** Inserts before the first existing header of that name (Via and Route push on top). */
  prepend(name: string, value: string): this {
    const key = headerKey(name);
    const idx = this.keys.indexOf(key);
    if (idx < 0) this.push(canonicalFor(name, key), key, value);
    else {
      this.names.splice(idx, 0, canonicalFor(name, key));
      this.keys.splice(idx, 0, key);
      this.values.splice(idx, 0, value);
    }
    this.changed(key);
    return this;
  }

  /** Replaces every header of that name with the given value(s), in place of the first one. */
  set(name: string, value: string | number | readonly string[]): this {
    const key = headerKey(name);
    const canonical = canonicalFor(name, key);
    const idx = this.keys.indexOf(key);
    if (idx < 0) {
      // the usual case when building a message: nothing to replace
      if (typeof value === 'object') for (const v of value) this.push(canonical, key, v);
      else this.push(canonical, key, typeof value === 'string' ? value : String(value));
      this.changed(key);
      return this;
    }
    const fresh = typeof value === 'object' ? value : [typeof value === 'string' ? value : String(value)];
    this.removeKey(key);
    // no entry of that name preceded idx, so idx is still the place of the first one
    this.names.splice(idx, 0, ...fresh.map(() => canonical));
    this.keys.splice(idx, 0, ...fresh.map(() => key));
    this.values.splice(idx, 0, ...fresh);
    this.changed(key);
    return this;
  }

  remove(name: string): this {
    const key = headerKey(name);
    this.removeKey(key);
    this.changed(key);
    return this;
  }

  /** Removes only the first value of a list header (a proxy popping its Route / a UAC its Via). */
  shift(name: string): string | undefined {
    const key = headerKey(name);
    const idx = this.keys.indexOf(key);
    if (idx < 0) return undefined;
    const parts = splitHeaderList(this.values[idx] as string);
    const first = parts.shift();
    if (parts.length === 0) {
      this.names.splice(idx, 1);
      this.keys.splice(idx, 1);
      this.values.splice(idx, 1);
    } else this.values[idx] = parts.join(', ');
    this.changed(key);
    return first;
  }

  has(name: string): boolean {
    return this.keys.includes(headerKey(name));
  }

  /** `has` for a key that is already lower-case and expanded (no lookup of the spelling). */
  hasKey(key: string): boolean {
    return this.keys.includes(key);
  }

  /** First raw value. */
  get(name: string): string | undefined {
    const idx = this.keys.indexOf(headerKey(name));
    return idx < 0 ? undefined : this.values[idx];
  }

  /** `get` for a key that is already lower-case and expanded. */
  getKey(key: string): string | undefined {
    const idx = this.keys.indexOf(key);
    return idx < 0 ? undefined : this.values[idx];
  }

  /** Raw values of every line of that header. */
  getLines(name: string): string[] {
    return this.linesOf(headerKey(name));
  }

  /** All values; list headers are split at top-level commas across every line. */
  getAll(name: string): string[] {
    return this.getAllKey(headerKey(name));
  }

  /** `getAll` for a key that is already lower-case and expanded (no lookup of the spelling). */
  getAllKey(key: string): string[] {
    const lines = this.linesOf(key);
    if (!LIST_HEADERS.has(key)) return lines;
    const out: string[] = [];
    for (const line of lines) {
      // most lines hold one value: skip the splitter when there is no comma at all
      if (line.indexOf(',') < 0) {
        const v = line.trim();
        if (v.length > 0) out.push(v);
      } else for (const v of splitHeaderList(line)) out.push(v);
    }
    return out;
  }

  private linesOf(key: string): string[] {
    const out: string[] = [];
    const { keys, values } = this;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) out.push(values[i] as string);
    return out;
  }

  /** First value of a list header (the top Via) without splitting every line. */
  firstValue(key: string): string | undefined {
    const { keys, values } = this;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== key) continue;
      const line = values[i] as string;
      const v = line.indexOf(',') < 0 ? line.trim() : splitHeaderList(line)[0];
      if (v !== undefined && v.length > 0) return v;
    }
    return undefined;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Name as written, key and raw value of line `i` (for serialisers and builders). */
  nameAt(i: number): string {
    return this.names[i] as string;
  }

  keyAt(i: number): string {
    return this.keys[i] as string;
  }

  valueAt(i: number): string {
    return this.values[i] as string;
  }

  /** Memoises a parsed view of the headers until the next change. */
  memo<T>(key: string, compute: () => T): T {
    this.cache ??= new Map();
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  /**
   * For the views read on every message, an array slot instead of a Map entry and no closure:
   * `slot` returns undefined until `setSlot` stored a view (a view of `undefined` is recomputed).
   */
  slot(slot: MemoSlot): unknown {
    return this.slots === undefined ? undefined : this.slots[slot];
  }

  setSlot<T>(slot: MemoSlot, value: T): T {
    // a literal, not `new Array(n).fill()`: fill is a call into the runtime, once per message
    (this.slots ??= [undefined, undefined, undefined, undefined, undefined, undefined])[slot] = value;
    return value;
  }

  /** Forgets the memoised views (they are recomputed on the next read). */
  dropCache(): void {
    // the headers themselves are unchanged: `version` stays, serialised bytes remain valid
    this.cache = undefined;
    this.slots = undefined;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    copy.names = this.names.slice();
    copy.keys = this.keys.slice();
    copy.values = this.values.slice();
    return copy;
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.names[i] as string, this.values[i] as string];
  }

  private push(name: string, key: string, value: string): void {
    this.names.push(name);
    this.keys.push(key);
    this.values.push(value);
  }

  private removeKey(key: string): void {
    if (!this.keys.includes(key)) return;
    const names: string[] = [];
    const keys: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === key) continue;
      names.push(this.names[i] as string);
      keys.push(this.keys[i] as string);
      values.push(this.values[i] as string);
    }
    this.names = names;
    this.keys = keys;
    this.values = values;
  }

  /**
   * After a change to the header `key`: the views parsed from it are dropped, with the whole
   * `memo` cache (its views may read any header); the slots of other headers stay.
   */
  private changed(key: string): void {
    this.cache = undefined;
    const slots = this.slots;
    if (slots !== undefined) {
      const slot = slotOfKey(key);
      if (slot >= 0) slots[slot] = undefined;
    }
    this.version++;
  }
}
