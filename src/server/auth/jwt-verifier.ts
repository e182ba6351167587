import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { JwtConfig } from '../../config';
import { isScope, type Caller, type Scope } from '../../domain';

/** Why a JWT was refused; said in logs and, for `expired`, to the caller. */
export type JwtRefusal = 'expired' | 'invalid' | 'keys-unavailable';

export type JwtVerifier = (token: string) => Promise<{ ok: true; caller: Caller } | { ok: false; reason: JwtRefusal }>;

/** Asymmetric algorithms only: a JWKS never holds a shared secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_S = 30;

/**
 * Verifies signature (keys from the JWKS URL, fetched on demand and cached by jose),
 * issuer, audience and lifetime. Scopes come from the `scope` claim (space-separated)
 * or the `scp` claim (array or string); unknown scopes are ignored.
 */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      });
      return { ok: true, caller: { name: callerName(payload), scopes: scopesOf(payload) } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      // A JWKS URL that cannot be fetched or read: a plain JOSEError (bad status, not JSON) or a socket error.
      const keySetFailed = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError) || error.constructor === errors.JOSEError;
      if (keySetFailed) {
        return { ok: false, reason: 'keys-unavailable' };
      }
      return { ok: false, reason: 'invalid' };
    }
  };
}

function callerName(payload: JWTPayload): string {
  const clientId = payload.client_id ?? payload.azp;
  return `jwt:${typeof clientId === 'string' ? clientId : (payload.sub ?? 'unknown')}`;
}

function scopesOf(payload: JWTPayload): Scope[] {
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  const listed = [scope, scp].flatMap((claim) => (typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim.filter((s): s is string => typeof s === 'string') : []));
  return [...new Set(listed.filter(isScope))];
}
