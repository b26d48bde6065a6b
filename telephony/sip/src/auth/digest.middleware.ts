import type { Middleware } from '../app/middleware.types.js';
import { DigestAuthenticator, type DigestAuthenticatorOptions, type PasswordLookup } from './digest.authenticator.js';

export interface DigestAuthOptions extends DigestAuthenticatorOptions {
  readonly lookup: PasswordLookup;
  /** Methods challenged (default REGISTER and INVITE). */
  readonly methods?: readonly string[];
  /** Challenge as a proxy (407 / Proxy-Authenticate) instead of a UAS (401). */
  readonly proxy?: boolean;
}

/**
 * Middleware that challenges requests without valid digest credentials (401/407) and sets
 * `req.authenticatedUser` on success.
 */
export function digestAuth(options: DigestAuthOptions): Middleware {
  const authenticator = new DigestAuthenticator(options);
  const methods = new Set((options.methods ?? ['REGISTER', 'INVITE']).map((m) => m.toUpperCase()));
  const status = options.proxy ? 407 : 401;
  const challengeHeader = options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const credsHeader = options.proxy ? 'proxy-authorization' : 'authorization';
  return async (req, res, next) => {
    if (!methods.has(req.method)) {
      next();
      return;
    }
    const verdict = await authenticator.verify(req.msg, options.lookup, credsHeader);
    if (verdict.ok) {
      req.authenticatedUser = verdict.username;
      next();
      return;
    }
    const hadCredentials = req.has(credsHeader);
    if (hadCredentials && !verdict.stale && verdict.reason !== 'bad nonce') {
      res.send(403, { headers: { 'X-Reason': verdict.reason } });
      return;
    }
    res.send(status, { headers: { [challengeHeader]: authenticator.challenges(verdict.stale) } });
  };
}
