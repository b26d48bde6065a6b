import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { quote } from '../message/header.parser.js';
import type { SipRequest } from '../message/sip-message.model.js';
import { computeDigestResponse, isSupportedAlgorithm, type DigestAlgorithm } from './digest.auth.js';

export interface DigestAuthenticatorOptions {
  readonly realm: string;
  /** Offered in this order (RFC 8760: SHA-256 first, MD5 kept for old phones). */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** Nonce lifetime in seconds (default 300). */
  readonly nonceTtlSeconds?: number;
  /** HMAC key for stateless nonces; random per process by default. */
  readonly secret?: Buffer;
  /** Clock in ms, injectable for tests. */
  readonly now?: () => number;
}

export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly stale: boolean; readonly reason: string };

/** Returns the cleartext password of a user in a realm, or undefined if there is no such user. */
export type PasswordLookup = (username: string, realm: string) => string | undefined | Promise<string | undefined>;

/**
 * Server side of digest authentication (RFC 3261 §22, RFC 8760). Nonces are stateless:
 * `timestamp.hmac(timestamp)`, so no per-challenge memory is held (and none can be flooded).
 */
export class DigestAuthenticator {
  readonly realm: string;
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly ttlMs: number;
  private readonly secret: Buffer;
  private readonly now: () => number;

  constructor(options: DigestAuthenticatorOptions) {
    this.realm = options.realm;
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    this.ttlMs = (options.nonceTtlSeconds ?? 300) * 1000;
    this.secret = options.secret ?? randomBytes(32);
    this.now = options.now ?? Date.now;
  }

  private sign(ts: string): string {
    return createHmac('sha256', this.secret).update(ts).digest('base64url').slice(0, 22);
  }

  nonce(): string {
    const ts = this.now().toString(36);
    return `${ts}.${this.sign(ts)}`;
  }

  /** `WWW-Authenticate` values, one per algorithm. */
  challenges(stale = false): string[] {
    const nonce = this.nonce();
    return this.algorithms.map(
      (a) => `Digest realm=${quote(this.realm)}, nonce=${quote(nonce)}, algorithm=${a}, qop="auth"${stale ? ', stale=true' : ''}`,
    );
  }

  private nonceState(nonce: string): 'valid' | 'stale' | 'invalid' {
    const dot = nonce.indexOf('.');
    if (dot <= 0) return 'invalid';
    const ts = nonce.slice(0, dot);
    const mac = Buffer.from(nonce.slice(dot + 1));
    const expected = Buffer.from(this.sign(ts));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return 'invalid';
    const issued = parseInt(ts, 36);
    return this.now() - issued > this.ttlMs ? 'stale' : 'valid';
  }

  /** Checks the request's Authorization (or Proxy-Authorization) header against the realm. */
  async verify(req: SipRequest, lookup: PasswordLookup, header: 'authorization' | 'proxy-authorization' = 'authorization'): Promise<DigestVerdict> {
    const creds = req.auth(header).find((a) => a.scheme.toLowerCase() === 'digest' && a.params.get('realm') === this.realm);
    if (!creds) return { ok: false, stale: false, reason: 'no credentials for realm' };
    const p = creds.params;
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const algorithm = p.get('algorithm') ?? 'MD5';
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined) {
      return { ok: false, stale: false, reason: 'incomplete credentials' };
    }
    if (!isSupportedAlgorithm(algorithm) || !this.algorithms.includes(algorithm)) {
      return { ok: false, stale: false, reason: `algorithm ${algorithm} not offered` };
    }
    const state = this.nonceState(nonce);
    if (state === 'invalid') return { ok: false, stale: false, reason: 'bad nonce' };
    const password = await lookup(username, this.realm);
    if (password === undefined) return { ok: false, stale: false, reason: 'unknown user' };
    const qop = p.get('qop');
    if (qop !== undefined && qop !== 'auth' && qop !== 'auth-int') return { ok: false, stale: false, reason: 'bad qop' };
    const expected = computeDigestResponse({
      algorithm,
      username,
      realm: this.realm,
      password,
      method: req.method,
      uri,
      nonce,
      qop,
      nc: p.get('nc'),
      cnonce: p.get('cnonce'),
      body: req.body,
    });
    const a = Buffer.from(expected);
    const b = Buffer.from(response.toLowerCase());
    if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, stale: false, reason: 'wrong response' };
    if (state === 'stale') return { ok: false, stale: true, reason: 'stale nonce' };
    return { ok: true, username };
  }
}
