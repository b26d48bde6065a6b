import { describe, it, expect } from 'vitest';
import { parseAuthHeader } from '../message/header.parser.js';
import { createRequest } from '../message/message.factory.js';
import { buildAuthorization, computeDigestResponse, pickChallenge } from './digest.auth.js';
import { DigestAuthenticator } from './digest.authenticator.js';

describe('computeDigestResponse', () => {
  it('matches the RFC 2617 §3.5 MD5 example', () => {
    expect(
      computeDigestResponse({
        algorithm: 'MD5',
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches the RFC 7616 §3.9.1 SHA-256 and MD5 examples (the algorithms of RFC 8760)', () => {
    const base = {
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: 'auth' as const,
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    };
    expect(computeDigestResponse({ ...base, algorithm: 'SHA-256' })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(computeDigestResponse({ ...base, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });
});

describe('pickChallenge', () => {
  it('prefers SHA-256 over MD5 whatever the order, ignores unknown algorithms', () => {
    const md5 = parseAuthHeader('Digest realm="r", nonce="n1", algorithm=MD5');
    const sha = parseAuthHeader('Digest realm="r", nonce="n2", algorithm=SHA-256');
    const odd = parseAuthHeader('Digest realm="r", nonce="n3", algorithm=SHA-512-256');
    expect(pickChallenge([odd, md5, sha])?.params.get('nonce')).toBe('n2');
    expect(pickChallenge([odd])).toBeUndefined();
    expect(pickChallenge([parseAuthHeader('Digest realm="r", nonce="n4"')])?.params.get('nonce')).toBe('n4');
  });
});

describe('DigestAuthenticator', () => {
  function register(authorization?: string): ReturnType<typeof createRequest> {
    return createRequest({
      method: 'REGISTER',
      uri: 'sip:ringwell.test',
      headers: {
        Via: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1',
        From: '<sip:alice@ringwell.test>;tag=1',
        To: '<sip:alice@ringwell.test>',
        'Call-ID': 'reg-1',
        CSeq: '1 REGISTER',
        ...(authorization ? { Authorization: authorization } : {}),
      },
    });
  }

  it('accepts a client answer to its own challenge and rejects a wrong password', async () => {
    let now = 1_000_000;
    const auth = new DigestAuthenticator({ realm: 'ringwell.test', now: () => now });
    const [challengeText] = auth.challenges();
    const challenge = parseAuthHeader(challengeText ?? '');
    expect(challenge.params.get('algorithm')).toBe('SHA-256');
    const lookup = (u: string): string | undefined => (u === 'alice' ? 'pw' : undefined);

    const good = buildAuthorization(challenge, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:ringwell.test');
    expect(await auth.verify(register(good), lookup)).toEqual({ ok: true, username: 'alice' });

    const bad = buildAuthorization(challenge, { username: 'alice', password: 'nope' }, 'REGISTER', 'sip:ringwell.test');
    expect(await auth.verify(register(bad), lookup)).toMatchObject({ ok: false, reason: 'wrong response' });
    expect(await auth.verify(register(), lookup)).toMatchObject({ ok: false });

    now += 301_000;
    expect(await auth.verify(register(good), lookup)).toMatchObject({ ok: false, stale: true });
  });

  it('rejects a forged nonce and an algorithm it did not offer', async () => {
    const auth = new DigestAuthenticator({ realm: 'r', algorithms: ['SHA-256'] });
    const lookup = (): string => 'pw';
    const forged = parseAuthHeader('Digest realm="r", nonce="abc.forgedmacforgedmacfo", algorithm=SHA-256, qop="auth"');
    const v1 = await auth.verify(register(buildAuthorization(forged, { username: 'a', password: 'pw' }, 'REGISTER', 'sip:ringwell.test')), lookup);
    expect(v1).toMatchObject({ ok: false, reason: 'bad nonce' });
    const real = parseAuthHeader((auth.challenges()[0] ?? '').replace('SHA-256', 'MD5'));
    const v2 = await auth.verify(register(buildAuthorization(real, { username: 'a', password: 'pw' }, 'REGISTER', 'sip:ringwell.test')), lookup);
    expect(v2).toMatchObject({ ok: false, reason: 'algorithm MD5 not offered' });
  });
});
