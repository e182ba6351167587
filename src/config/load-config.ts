import { readAccessConfig, type AccessConfig } from './access-config';
import { readBoknettConfig, type BoknettConfig } from './boknett-config';
import { envSchema, type Env } from './env-schema';
import { readFleetConfig, type FleetConfig } from './fleet-config';
import { readHttpConfig, type HttpConfig } from './http-config';
import { readLedgerConfig, type LedgerSettings } from './ledger-config';
import { readLimitsConfig, type LimitsConfig } from './limits-config';
import { readObservabilityConfig, type ObservabilityConfig } from './observability-config';
import { readResilienceConfig, type ResilienceConfig } from './resilience-config';
import { sandboxStatePath } from './sandbox-state';
import { Secret } from './secret';
import { readSubscriptionsConfig, type SubscriptionsConfig } from './subscriptions-config';

export const HLCONNECT_PRODUCTION_URL = 'https://hlconnect-api.mu.se';

export type HlConnectConfig = (
  | { mode: 'live'; baseUrl: string; accessToken: Secret }
  /** No credentials: the gateway runs the HL Connect simulator in-process. */
  | { mode: 'sandbox'; processingDelayMs: number; statePath: string }
) & {
  /** ISO 4217 code of the vendor's prices (HLCONNECT_CURRENCY). */
  currency: string;
};

export interface UpstreamConfig {
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  connections: number;
}

export interface GatewayConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** How long in-flight requests may take to finish on shutdown. */
  shutdownTimeoutMs: number;
  /** How long clients may take to send a request. */
  http: HttpConfig;
  hlconnect: HlConnectConfig;
  boknett: BoknettConfig;
  ledger: LedgerSettings;
  upstream: UpstreamConfig;
  /** Per-vendor retry, circuit breaker and bulkhead. */
  resilience: ResilienceConfig;
  limits: LimitsConfig;
  /** GraphQL subscriptions over WebSocket: polling pace and how many may be open. */
  subscriptions: SubscriptionsConfig;
  /** Callers' credentials, trusted proxies, CORS origins. */
  access: AccessConfig;
  /** Metrics, readiness checks and tracing. */
  observability: ObservabilityConfig;
  /** What replicas share (Redis), vendor quotas across them, shared answer caching. */
  fleet: FleetConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment, reporting every bad value at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const env = parseEnv(source, problems);

  let hlconnect: HlConnectConfig;
  if (env.HLCONNECT_TOKEN) {
    hlconnect = {
      mode: 'live',
      baseUrl: env.HLCONNECT_BASE_URL ?? HLCONNECT_PRODUCTION_URL,
      accessToken: new Secret(env.HLCONNECT_TOKEN),
      currency: env.HLCONNECT_CURRENCY,
    };
  } else {
    if (env.HLCONNECT_BASE_URL) problems.push('HLCONNECT_TOKEN: required when HLCONNECT_BASE_URL is set');
    if (env.NODE_ENV === 'production') {
      problems.push('HLCONNECT_TOKEN: required in production (the sandbox simulator is for development only)');
    }
    hlconnect = { mode: 'sandbox', processingDelayMs: env.SANDBOX_PROCESSING_MS, statePath: sandboxStatePath(env, 'hlconnect'), currency: env.HLCONNECT_CURRENCY };
  }

  const boknett = readBoknettConfig(env, problems);
  const ledger = readLedgerConfig(env, problems);
  const resilience = readResilienceConfig(env, problems);
  const access = readAccessConfig(env, problems);
  const http = readHttpConfig(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    http,
    hlconnect,
    boknett,
    ledger,
    upstream: {
      connectTimeoutMs: env.UPSTREAM_CONNECT_TIMEOUT_MS,
      timeoutMs: env.UPSTREAM_TIMEOUT_MS,
      maxResponseBytes: env.UPSTREAM_MAX_RESPONSE_BYTES,
      connections: env.UPSTREAM_CONNECTIONS,
    },
    resilience,
    limits: readLimitsConfig(env),
    subscriptions: readSubscriptionsConfig(env),
    access,
    observability: readObservabilityConfig(env),
    fleet: readFleetConfig(env),
  };
}

/**
 * The environment by the schema, adding each bad value to `problems`. The bad variables
 * are then read as unset (their defaults), so that the checks across variables still run
 * and every bad value is reported at once, not only the schema's.
 */
function parseEnv(environment: NodeJS.ProcessEnv, problems: string[]): Env {
  // An empty value is an unset one (`PORT=` is the default port, not port 0), for every variable
  // but NODE_ENV: an empty one is refused rather than run as development (open IDE, dev key).
  const source = Object.fromEntries(Object.entries(environment).filter(([name, value]) => name === 'NODE_ENV' || value === undefined || value.trim() !== ''));
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const reread = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([name]) => !bad.has(name))));
  if (!reread.success) throw new ConfigError(problems);
  return reread.data;
}
