import { randomBytes } from 'node:crypto';
import type { Route, SimRequest, SimResponse } from '../../simulator-kit';
import { errorResponse } from './errors';
import { contentMediaType } from './request-checks';

export interface BoknettCredentials {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  audience: string;
}

export interface CredentialStoreOptions {
  credentials: BoknettCredentials;
  ticketTtlMs: number;
  tokenTtlSeconds: number;
  now: () => number;
}

/** Issued TGTs and OAuth access tokens with their expiry times. */
export class CredentialStore {
  private readonly tickets = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private ticketSerial = 0;

  constructor(private readonly options: CredentialStoreOptions) {}

  get credentials(): BoknettCredentials {
    return this.options.credentials;
  }

  get tokenTtlSeconds(): number {
    return this.options.tokenTtlSeconds;
  }

  issueTicket(): string {
    this.ticketSerial += 1;
    const ticket = `TGT-${this.ticketSerial}-${randomAlphanumeric(50)}-login.simulator`;
    this.tickets.set(ticket, this.options.now() + this.options.ticketTtlMs);
    return ticket;
  }

  /** Removes a ticket; false when it was unknown (or already expired). */
  deleteTicket(ticket: string): boolean {
    const live = this.isLiveTicket(ticket);
    this.tickets.delete(ticket);
    return live;
  }

  isLiveTicket(ticket: string): boolean {
    return isLive(this.tickets, ticket, this.options.now());
  }

  issueToken(): string {
    const token = `sim-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, this.options.now() + this.options.tokenTtlSeconds * 1000);
    return token;
  }

  isLiveToken(token: string): boolean {
    return isLive(this.tokens, token, this.options.now());
  }

  revokeAllTickets(): void {
    this.tickets.clear();
  }

  revokeAllTokens(): void {
    this.tokens.clear();
  }
}

function isLive(store: Map<string, number>, key: string, now: number): boolean {
  const expiresAt = store.get(key);
  if (expiresAt === undefined) return false;
  if (now >= expiresAt) {
    store.delete(key);
    return false;
  }
  return true;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/** The methods not allowed on a path that only takes POST. */
function methodNotAllowed(pattern: string): Route[] {
  return ['GET', 'PUT', 'PATCH', 'DELETE'].map((method) => ({
    method,
    pattern,
    handler: () => errorResponse(405, `${method} is not allowed on ${pattern}; use POST`, { allow: 'POST' }),
  }));
}

/** Legacy login (`/v1/tickets`) and OAuth 2.0 client credentials (`/oauth/token`). */
export function authRoutes(store: CredentialStore): Route[] {
  return [
    { method: 'POST', pattern: '/v1/tickets', handler: (req) => login(store, req) },
    ...methodNotAllowed('/v1/tickets'),
    {
      method: 'DELETE',
      pattern: '/v1/tickets/:tgt',
      handler: (req) => {
        const ticket = req.params.tgt ?? '';
        return store.deleteTicket(ticket) ? { status: 200 } : errorResponse(404, `ticket ${ticket} not found`);
      },
    },
    { method: 'POST', pattern: '/oauth/token', handler: (req) => token(store, req) },
    ...methodNotAllowed('/oauth/token'),
  ];
}

function login(store: CredentialStore, req: SimRequest): SimResponse {
  if (contentMediaType(req) !== 'application/x-www-form-urlencoded') {
    return errorResponse(400, 'expected a form-encoded body (application/x-www-form-urlencoded) with username and password');
  }
  const form = new URLSearchParams(req.rawBody);
  const username = form.get('username');
  const password = form.get('password');
  if (!username || !password) return errorResponse(400, 'username and password are required');
  const { credentials } = store;
  if (username !== credentials.username || password !== credentials.password) {
    return errorResponse(400, 'invalid username or password');
  }
  const ticket = store.issueTicket();
  return {
    status: 201,
    headers: { 'boknett-tgt': ticket, location: `${req.baseUrl}/v1/tickets/${ticket}` },
  };
}

function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, json: { error, error_description: description }, headers: { 'cache-control': 'no-store' } };
}

function tokenParams(req: SimRequest): Record<string, string> | undefined {
  const type = contentMediaType(req);
  if (type === 'application/json') {
    if (req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.json as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(req.rawBody));
  return undefined;
}

function token(store: CredentialStore, req: SimRequest): SimResponse {
  const params = tokenParams(req);
  if (!params) return oauthError(400, 'invalid_request', 'expected a JSON or form-encoded body');
  if (params.grant_type !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
  }
  const { credentials } = store;
  if (params.client_id !== credentials.clientId || params.client_secret !== credentials.clientSecret) {
    return oauthError(401, 'invalid_client', 'unknown client or wrong secret');
  }
  if (params.audience !== credentials.audience) {
    return oauthError(403, 'access_denied', `audience ${params.audience ?? '(none)'} is not allowed for this client`);
  }
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    json: { access_token: store.issueToken(), expires_in: store.tokenTtlSeconds, token_type: 'Bearer' },
  };
}
