import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Caller } from '../../domain';
import { ErrorCode } from '../../graphql/errors/error-codes';
import type { RouteHandler } from '../http-server';
import { sendJson } from '../send';
import type { AuthRefusal, Authenticator } from './authenticator';

export interface CallerGuardOptions {
  authenticate: Authenticator;
  logger: Logger;
  /** Whether the Sandbox landing page is served: then a browser's GET for it needs no credential. */
  landingPageOpen: boolean;
}

export interface CallerGuard {
  /** Answers 401 before `handler` runs unless the request carries a valid credential. */
  guard(handler: RouteHandler): RouteHandler;
  /** The authenticated caller of a guarded request; throws a 401 GraphQL error for a request let through without one. */
  callerOf(req: IncomingMessage): Caller;
}

const REALM = 'Bearer realm="purchase-gateway"';
export const AUTH_REFUSAL_MESSAGE: Record<AuthRefusal, string> = {
  missing: 'An API key (Authorization: Bearer <key> or X-Api-Key) or a bearer token is required.',
  malformed: 'The Authorization header must be "Bearer <key or token>".',
  'unknown-key': 'The API key or bearer token is not valid.',
  invalid: 'The API key or bearer token is not valid.',
  expired: 'The bearer token has expired.',
  'keys-unavailable': 'The bearer token could not be verified right now. Try again later.',
};

/** Authentication in the HTTP adapter: nothing is parsed or executed for an unknown caller. */
export function createCallerGuard(options: CallerGuardOptions): CallerGuard {
  const { authenticate, logger, landingPageOpen } = options;
  const callers = new WeakMap<IncomingMessage, Caller>();

  return {
    guard(handler) {
      return async (req, res, url, requestId) => {
        const result = await authenticate(req);
        if (result.ok) {
          callers.set(req, result.caller);
          return handler(req, res, url, requestId);
        }
        if (result.reason === 'missing' && landingPageOpen && wantsLandingPage(req)) return handler(req, res, url, requestId);
        const level = result.reason === 'keys-unavailable' ? 'warn' : 'info';
        logger[level]({ requestId, reason: result.reason }, 'request refused: caller not authenticated');
        sendUnauthenticated(res, result.reason);
      };
    },
    callerOf(req) {
      const caller = callers.get(req);
      if (caller) return caller;
      // Only a landing-page GET comes through unauthenticated; should Apollo execute it after all, it is refused.
      throw new GraphQLError(AUTH_REFUSAL_MESSAGE.missing, {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new HeaderMap([['www-authenticate', REALM]]) } },
      });
    },
  };
}

function wantsLandingPage(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

function sendUnauthenticated(res: ServerResponse, reason: AuthRefusal): void {
  const challenge = reason === 'missing' ? REALM : `${REALM}, error="invalid_token"`;
  res.setHeader('www-authenticate', challenge);
  sendJson(res, 401, { errors: [{ message: AUTH_REFUSAL_MESSAGE[reason], extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
}
