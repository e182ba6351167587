import { z } from 'zod';

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
/** Like optionalText, but kept exactly as given (a password may start or end with a space). */
const optionalSecret = z
  .string()
  .transform((value) => (value.trim() === '' ? undefined : value))
  .optional();
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

/** `true`/`false` (also 1/0, yes/no, on/off); empty means unset. */
const optionalBoolean = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.stringbool().optional())
  .optional();

/** Every environment variable the gateway reads, with its default. README's table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Longest a client may take to send a request's headers, and its whole request (headers and body). */
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(10_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  HLCONNECT_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HLCONNECT_TOKEN: optionalText,
  /** ISO 4217 code of HL Connect's prices, which the vendor does not state. */
  HLCONNECT_CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD')
    .default('USD'),

  BOKNETT_AUTH_MODE: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value.toLowerCase()))
    .pipe(z.enum(['tgt', 'oauth']).optional())
    .optional(),
  BOKNETT_API_BASE_URL: optionalUrl,
  BOKNETT_LOGIN_URL: optionalUrl,
  BOKNETT_USERNAME: optionalText,
  BOKNETT_PASSWORD: optionalSecret,
  BOKNETT_OAUTH_TOKEN_URL: optionalUrl,
  BOKNETT_CLIENT_ID: optionalText,
  BOKNETT_CLIENT_SECRET: optionalSecret,
  BOKNETT_AUDIENCE: optionalText,
  BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: milliseconds(500),
  BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: milliseconds(10_000),

  UPSTREAM_CONNECT_TIMEOUT_MS: milliseconds(2_000),
  UPSTREAM_TIMEOUT_MS: milliseconds(10_000),
  UPSTREAM_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  UPSTREAM_CONNECTIONS: z.coerce.number().int().min(1).max(4_096).default(256),

  // Upstream resilience, per vendor: read in resilience-config.ts.
  /** Re-sends of an idempotent read after a connection error or a 502/503/504 (0: none). */
  UPSTREAM_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(10).default(2),
  UPSTREAM_RETRY_BASE_MS: milliseconds(100),
  UPSTREAM_RETRY_MAX_DELAY_MS: milliseconds(2_000),
  /** Consecutive failures that open a vendor's circuit. */
  UPSTREAM_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
  UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: milliseconds(10_000),
  /** Calls in flight per vendor (unset: UPSTREAM_CONNECTIONS, so that calls wait in one queue, not two), and calls waiting for a slot. */
  UPSTREAM_BULKHEAD_LIMIT: z.coerce.number().int().min(1).max(10_000).optional(),
  UPSTREAM_BULKHEAD_QUEUE: z.coerce.number().int().min(0).max(100_000).default(8_192),

  MAX_ORDER_IDS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Most lines one checkout may hold; the cost model counts every checkout at this many. */
  MAX_CHECKOUT_LINES: z.coerce.number().int().min(1).max(500).default(50),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024),
  SANDBOX_PROCESSING_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),

  // Query limits and what production exposes: read in limits-config.ts (docs/limits.md).
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(10),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(30),
  /** Upstream calls one operation may cause, as estimated before it runs. */
  MAX_QUERY_COST: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** Lexical tokens a query document may have; parsing stops past them. */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5_000),
  /** Longest one GraphQL request may keep calling vendors, ms. */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // Subscriptions over WebSocket: read in subscriptions-config.ts (docs/subscriptions.md).
  /** How often one order's shared poll loop asks HL Connect for the order. */
  SUBSCRIPTION_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1_000).default(20),
  MAX_SUBSCRIPTIONS_TOTAL: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Unset: on outside production only. */
  GRAPHQL_INTROSPECTION: optionalBoolean,
  GRAPHQL_LANDING_PAGE: optionalBoolean,
  /** What a browser's GET of / and /graphql shows where landing pages are on; the local GraphiQL is at /graphiql either way. */
  GRAPHQL_IDE: z.enum(['sandbox', 'graphiql']).default('sandbox'),

  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Giving up on a new PostgreSQL connection; and the longest one ledger statement may run. */
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(10_000),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('public'),
  LEDGER_PATH: z.string().min(1).default('./data/ledger.db'),
  LEDGER_LEASE_MS: milliseconds(30_000),
  LEDGER_WAIT_MS: milliseconds(15_000),
  LEDGER_POLL_MS: milliseconds(50),
  LEDGER_RECONCILE_AFTER_MS: milliseconds(60_000),
  LEDGER_RECONCILE_INTERVAL_MS: milliseconds(30_000),
  /** Entries the background worker claims per round. */
  LEDGER_WORKER_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Days after which buyers' names are erased from ledger inputs. */
  LEDGER_PERSONAL_DATA_DAYS: z.coerce.number().positive().max(3_650).default(90),

  // Who may call: read in access-config.ts.
  /** JSON array of {"name","sha256","scopes"}; only the keys' SHA-256 hashes are configured. */
  API_KEYS: optionalText,
  /** Development only, without API_KEYS or JWT_*: the key to accept (else one is generated). */
  DEV_API_KEY: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().min(16, 'must be at least 16 characters').optional())
    .optional(),
  JWT_JWKS_URL: optionalUrl,
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  /** Comma list of IPs/CIDRs whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: optionalText,
  /** Comma list of origins allowed by CORS. */
  CORS_ORIGINS: optionalText,

  // Several replicas as one fleet: read in fleet-config.ts (README "Running several replicas").
  /** redis:// or rediss:// URL of what the replicas share; unset: everything in this process's memory. */
  REDIS_URL: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.url({ protocol: /^rediss?$/ }).optional())
    .optional(),
  /** Put before every Redis key of this gateway: fleets (or tests) sharing one Redis keep apart. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).max(100).default('purchase-gateway:'),
  /** Longest one Redis command may take before it counts as failed; a new connection's limit too. */
  REDIS_COMMAND_TIMEOUT_MS: milliseconds(250),
  REDIS_CONNECT_TIMEOUT_MS: milliseconds(2_000),
  /** While Redis cannot be asked: let requests and vendor calls through (open) or refuse them (closed). */
  RATE_LIMIT_ON_REDIS_FAILURE: z.enum(['open', 'closed']).default('open'),
  /** JSON {"requestsPerSecond","burst","vendorCallsPerSecond"} for callers whose API key sets none (every JWT caller); unset: no limit. */
  RATE_LIMIT_DEFAULT: optionalText,
  /** Vendor calls per second across all replicas together; unset: no quota. */
  HLCONNECT_MAX_CALLS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).optional(),
  BOKNETT_MAX_CALLS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).optional(),
  /** How long answers of `assets` and of `vendorHealth` are shared between callers, seconds (0, the default: not cached). */
  CATALOGUE_CACHE_TTL_S: z.coerce.number().int().min(0).max(86_400).default(0),
  VENDOR_HEALTH_CACHE_TTL_S: z.coerce.number().int().min(0).max(86_400).default(0),

  // Observability: read in observability-config.ts.
  /** Unset: on. Serves Prometheus metrics at /metrics on a listener of its own. */
  METRICS_ENABLED: optionalBoolean,
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** 9464: the port OpenTelemetry's Prometheus exporter uses; 0: any free port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** How long a /readyz answer is reused before the checks run again. */
  READY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** How long each readiness check may take before it counts as failed. */
  READY_TIMEOUT_MS: milliseconds(2_000),
  /** OTLP/HTTP collector base URL (spans go to {url}/v1/traces); unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('purchase-gateway'),
});

export type Env = z.infer<typeof envSchema>;
