import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { runInRequestContext, type Telemetry } from '../observability';
import { requestIdFrom } from './request-id';
import { sendJson } from './send';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => Promise<void> | void;

export interface HttpServerOptions {
  /** Exact paths to handlers, e.g. `/graphql`, `/healthz`. */
  routes: Record<string, RouteHandler>;
  logger: Logger;
  /** The gateway's metrics and tracer, reachable from everything a request runs (vendor calls, loaders). */
  telemetry?: Telemetry;
}

/** node:http with a fixed route table, a request id on every answer, and no crash on a failing handler. */
export function createHttpServer(options: HttpServerOptions): Server {
  const { routes, logger, telemetry } = options;
  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const route = routes[url.pathname];
    if (!route) return sendJson(res, 404, { errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });

    // Everything the route starts (vendor calls, DataLoader batches) can read the request's context.
    Promise.resolve(runInRequestContext({ requestId, telemetry }, () => route(req, res, url, requestId))).catch((error: unknown) => {
      logger.error({ err: error, requestId, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
