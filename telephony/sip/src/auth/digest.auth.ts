import { createHash, randomBytes } from 'node:crypto';
import { quote } from '../message/header.parser.js';
import type { AuthHeader } from '../message/message.types.js';

/** Digest algorithms supported (RFC 8760 adds SHA-256 and SHA-512/256 to MD5). */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'MD5-sess' | 'SHA-256-sess';

export const SUPPORTED_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5', 'MD5-sess', 'SHA-256-sess'];

export function isSupportedAlgorithm(a: string): a is DigestAlgorithm {
  return (SUPPORTED_ALGORITHMS as readonly string[]).includes(a);
}

function h(algorithm: DigestAlgorithm, data: string | Buffer): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(data)
    .digest('hex');
}

export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly qop?: 'auth' | 'auth-int' | undefined;
  readonly nc?: string | undefined;
  readonly cnonce?: string | undefined;
  readonly body?: Buffer | undefined;
}

/** RFC 2617 / RFC 8760 digest `response` value. */
export function computeDigestResponse(input: DigestInput): string {
  const alg = input.algorithm;
  let ha1 = h(alg, `${input.username}:${input.realm}:${input.password}`);
  if (alg.endsWith('-sess')) ha1 = h(alg, `${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const a2 =
    input.qop === 'auth-int'
      ? `${input.method}:${input.uri}:${h(alg, input.body ?? Buffer.alloc(0))}`
      : `${input.method}:${input.uri}`;
  const ha2 = h(alg, a2);
  if (input.qop === undefined) return h(alg, `${ha1}:${input.nonce}:${ha2}`);
  return h(alg, `${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Picks the strongest challenge we support from 401/407 challenges (RFC 8760 §2.4: a UAC uses
 * the topmost one it supports; servers list SHA-256 first).
 */
export function pickChallenge(challenges: readonly AuthHeader[]): AuthHeader | undefined {
  const digest = challenges.filter((c) => c.scheme.toLowerCase() === 'digest');
  for (const alg of SUPPORTED_ALGORITHMS) {
    const found = digest.find((c) => (c.params.get('algorithm') ?? 'MD5').toUpperCase() === alg.toUpperCase());
    if (found) return found;
  }
  return undefined;
}

/** Builds the Authorization / Proxy-Authorization value answering `challenge`. */
export function buildAuthorization(
  challenge: AuthHeader,
  creds: DigestCredentials,
  method: string,
  uri: string,
  body?: Buffer,
  nc = 1,
): string {
  const realm = challenge.params.get('realm') ?? '';
  const nonce = challenge.params.get('nonce') ?? '';
  const algRaw = challenge.params.get('algorithm') ?? 'MD5';
  const algorithm = (SUPPORTED_ALGORITHMS.find((a) => a.toUpperCase() === algRaw.toUpperCase()) ?? 'MD5') as DigestAlgorithm;
  const qops = (challenge.params.get('qop') ?? '').split(',').map((q) => q.trim());
  const qop = qops.includes('auth') ? 'auth' : qops.includes('auth-int') ? 'auth-int' : undefined;
  const cnonce = randomBytes(8).toString('hex');
  const ncText = nc.toString(16).padStart(8, '0');
  const response = computeDigestResponse({ algorithm, username: creds.username, realm, password: creds.password, method, uri, nonce, qop, nc: ncText, cnonce, body });
  const parts = [
    `username=${quote(creds.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${algorithm}`,
  ];
  const opaque = challenge.params.get('opaque');
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
