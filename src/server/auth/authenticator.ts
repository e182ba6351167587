import type { IncomingHttpHeaders } from 'node:http';
import type { AccessConfig } from '../../config';
import { SCOPES, type Caller } from '../../domain';
import { createApiKeyVerifier, sha256 } from './api-key-verifier';
import { createJwtVerifier, type JwtRefusal } from './jwt-verifier';
import { looksLikeJwt, presentedCredential } from './presented-credential';

export type AuthRefusal = 'missing' | 'malformed' | 'unknown-key' | JwtRefusal;

export type Authentication = { ok: true; caller: Caller } | { ok: false; reason: AuthRefusal };

/** Reads only the request's headers (HTTP requests, and a WebSocket's connection parameters read as headers). */
export type Authenticator = (req: { headers: IncomingHttpHeaders }) => Promise<Authentication>;

/**
 * Who sent a request: an API key (Bearer or X-Api-Key) matched against the configured
 * hashes, or a JWT when JWT_* is configured and the bearer token is one. The dev key,
 * when configured, is one more API key with every scope.
 */
export function createAuthenticator(access: AccessConfig): Authenticator {
  const devKeys = access.devKey ? [{ name: 'dev', sha256: sha256(access.devKey.reveal()).toString('hex'), scopes: [...SCOPES] }] : [];
  const verifyApiKey = createApiKeyVerifier([...access.apiKeys, ...devKeys]);
  const verifyJwt = access.jwt ? createJwtVerifier(access.jwt) : undefined;

  return async (req) => {
    const credential = presentedCredential(req.headers);
    switch (credential.kind) {
      case 'none':
        return { ok: false, reason: 'missing' };
      case 'malformed':
        return { ok: false, reason: 'malformed' };
      case 'bearer':
        if (verifyJwt && looksLikeJwt(credential.token)) return verifyJwt(credential.token);
        return byKey(credential.token);
      case 'api-key':
        return byKey(credential.key);
    }
  };

  function byKey(key: string): Authentication {
    const caller = verifyApiKey(key);
    return caller ? { ok: true, caller } : { ok: false, reason: 'unknown-key' };
  }
}
