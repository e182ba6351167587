import type { IncomingHttpHeaders } from 'node:http';

/**
 * The credential of a WebSocket connection as the headers an HTTP request would carry:
 * `authorization` / `x-api-key` from graphql-ws's `connectionParams` (any letter case),
 * else from the upgrade request's own headers (clients outside a browser can set them).
 */
export function connectionCredential(connectionParams: Readonly<Record<string, unknown>> | undefined, upgradeHeaders: IncomingHttpHeaders): IncomingHttpHeaders {
  const fromParams: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(connectionParams ?? {})) {
    const header = name.toLowerCase();
    if ((header === 'authorization' || header === 'x-api-key') && typeof value === 'string') fromParams[header] = value;
  }
  if (Object.keys(fromParams).length > 0) return fromParams;
  const { authorization, 'x-api-key': apiKey } = upgradeHeaders;
  return { ...(authorization !== undefined ? { authorization } : {}), ...(apiKey !== undefined ? { 'x-api-key': apiKey } : {}) };
}
