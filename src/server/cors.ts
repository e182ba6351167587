import type { RouteHandler } from './http-server';

/** What a browser may send cross-origin: credentials, JSON, request ids, Apollo's CSRF headers, trace context. */
const ALLOWED_HEADERS = 'authorization, content-type, x-api-key, x-request-id, apollo-require-preflight, x-apollo-operation-name, traceparent, tracestate';
const EXPOSED_HEADERS = 'x-request-id, www-authenticate';
const PREFLIGHT_MAX_AGE_S = '600';

/**
 * CORS for an allow-list of origins: an allowed origin gets `Access-Control-Allow-Origin`
 * on every answer (401s included, so a browser can read them) and its preflight is
 * answered here, before authentication; any other origin gets no CORS header at all,
 * and the browser keeps the answer from the page. With no origins, `handler` is
 * returned as it is. No cookies are involved, so credentials are never allowed.
 */
export function withCors(origins: readonly string[], handler: RouteHandler): RouteHandler {
  if (origins.length === 0) return handler;
  const allowed = new Set(origins);
  return (req, res, url, requestId) => {
    const origin = req.headers.origin;
    const isAllowed = origin !== undefined && allowed.has(origin);
    res.setHeader('vary', 'Origin');
    if (isAllowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    }
    if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
      if (isAllowed) {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_S);
      }
      res.writeHead(204).end();
      return;
    }
    return handler(req, res, url, requestId);
  };
}
