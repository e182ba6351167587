import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { runInRequestContext, type Telemetry } from '../observability';
import { answerClientError } from './client-error';
import { requestIdFrom } from './request-id';
import { parseRequestTarget } from './request-target';
import { refuseOnSocket, refusal, sendJson } from './send';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => Promise<void> | void;

export interface HttpServerOptions {
  /** Exact paths to handlers, e.g. `/graphql`, `/healthz`. */
  routes: Record<string, RouteHandler>;
  logger: Logger;
  /** The gateway's metrics and tracer, reachable from everything a request runs (vendor calls, loaders). */
  telemetry?: Telemetry;
  /** How long a client may take to send its headers, and its whole request; a slower one gets 408. */
  timeouts: { headersTimeoutMs: number; requestTimeoutMs: number };
}

/** Longer than any load balancer's idle timeout (60 s on AWS), so that it closes first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * node:http with a fixed route table, a request id on every answer, and nothing a client
 * sends able to crash the process or go unanswered: an unreadable target or request is
 * answered 400, a slow one 408, an `Expect` other than `100-continue` 417, a CONNECT 400, a
 * failing handler 500, each as JSON with a stable code.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { routes, logger, telemetry } = options;
  const { headersTimeoutMs, requestTimeoutMs } = options.timeouts;

  const answer = (req: IncomingMessage, res: ServerResponse, unmetExpectation = false) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    closeIfAnsweredBeforeBody(req, res);
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      res.setHeader('connection', 'close');
      return sendJson(res, 400, refusal('An HTTP/1.1 request must have a Host header', 'BAD_REQUEST'));
    }
    if (unmetExpectation) {
      res.setHeader('connection', 'close');
      return sendJson(res, 417, refusal('The only Expect the gateway meets is 100-continue', 'EXPECTATION_FAILED'));
    }
    const url = parseRequestTarget(req.url);
    if (!url) return sendJson(res, 400, refusal('The request target is not a valid path or URL', 'BAD_REQUEST_TARGET'));
    const route = routes[url.pathname];
    if (!route) return sendJson(res, 404, refusal('Not found', 'NOT_FOUND'));

    // Everything the route starts (vendor calls, DataLoader batches) can read the request's context.
    new Promise<void>((resolve) => resolve(runInRequestContext({ requestId, telemetry }, () => route(req, res, url, requestId)))).catch((failure: unknown) => {
      if (req.socket.destroyed) {
        // The client went away or was cut (e.g. too slow): nobody to answer.
        logger.debug({ err: failure, requestId, path: url.pathname }, 'request abandoned');
        return;
      }
      logger.error({ err: failure, requestId, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, refusal('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.destroy();
    });
  };

  const server: Server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node looks for late requests this often (30 s by default): a fraction of the timeouts.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
      // Only WebSocket upgrades go to an 'upgrade' listener (the subscriptions'); any other
      // `Upgrade` (e.g. h2c) is answered as the plain HTTP/1.1 request it also is.
      shouldUpgradeCallback: (req): boolean => req.headers.upgrade?.trim().toLowerCase() === 'websocket' && server.listenerCount('upgrade') > 0,
      // `answer` refuses an HTTP/1.1 request without Host itself: node:http's 400 has no body.
      requireHostHeader: false,
    },
    (req, res) => answer(req, res),
  );
  // An `Expect` node:http does not meet (it sends 100 Continue itself): 417 with a code, not its empty one.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => answer(req, res, true));
  // Without a 'connect' listener node:http drops a CONNECT unanswered. The gateway is not a
  // proxy, and a CONNECT's target is an authority (`host:443`), never a path it serves.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', (failure) => logger.debug({ err: failure }, 'CONNECT connection failed'));
    refuseOnSocket(socket, 400, 'The request target is not a valid path or URL', 'BAD_REQUEST_TARGET', { 'x-request-id': requestIdFrom(req.headers['x-request-id']) });
  });
  server.on('clientError', answerClientError(logger));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/**
 * A request answered before its body has been read (401 before authentication, 413 at the
 * declared length, a route that ignores the body) closes its connection with that answer,
 * as node:http's and other servers' refusals do: kept alive, the connection would read on
 * for a request already answered, until the request timeout.
 */
function closeIfAnsweredBeforeBody(req: IncomingMessage, res: ServerResponse): void {
  const declaresBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  if (!declaresBody) return;
  const keepAlive = res.shouldKeepAlive;
  res.shouldKeepAlive = false;
  req.once('end', () => {
    res.shouldKeepAlive = keepAlive;
  });
}
