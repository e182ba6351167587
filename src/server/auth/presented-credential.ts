import type { IncomingHttpHeaders } from 'node:http';

export type PresentedCredential =
  | { kind: 'none' }
  /** An Authorization header that is not `Bearer <token>`. */
  | { kind: 'malformed' }
  | { kind: 'bearer'; token: string }
  | { kind: 'api-key'; key: string };

/** `Authorization: Bearer <token>` when present (it wins), else `X-Api-Key: <key>`. */
export function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    return match?.[1] ? { kind: 'bearer', token: match[1] } : { kind: 'malformed' };
  }
  const apiKey = headers['x-api-key'];
  const key = (Array.isArray(apiKey) ? apiKey[0] : apiKey)?.trim();
  return key ? { kind: 'api-key', key } : { kind: 'none' };
}

/** Three base64url segments: a compact JWS. API keys never look like this unless one chose so. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
