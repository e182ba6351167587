import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { SCOPES, type RateLimit, type Scope } from '../domain';
import type { Env } from './env-schema';
import { Secret } from './secret';

/** One configured API key: only the SHA-256 of the key is known to the gateway. */
export interface ApiKeyConfig {
  name: string;
  /** Lower-case hex SHA-256 of the key. */
  sha256: string;
  scopes: Scope[];
  /** What this key may do per second across all replicas; absent: the default (RATE_LIMIT_DEFAULT), if any. */
  rateLimit?: RateLimit;
}

/** JWTs are verified against this key set, issuer and audience. */
export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** An IP address or a CIDR block, e.g. `10.0.0.0/8`. */
export interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export interface AccessConfig {
  apiKeys: ApiKeyConfig[];
  jwt?: JwtConfig;
  /** Outside production, with neither API keys nor JWT configured: DEV_API_KEY or a generated key with every scope. */
  devKey?: Secret;
  /** Connections from these may set the buyer's address with `X-Forwarded-For`. */
  trustedProxies: AddressRange[];
  /** Origins that get CORS headers; empty: none does. */
  corsOrigins: string[];
  /** Limits of callers without their own (every JWT caller, API keys without `rateLimit`): RATE_LIMIT_DEFAULT. */
  defaultRateLimit?: RateLimit;
}

const rateLimitSchema = z
  .object({
    requestsPerSecond: z.number().int().min(1).max(1_000_000),
    burst: z.number().int().min(1).max(1_000_000).optional(),
    vendorCallsPerSecond: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine((limit) => limit.burst === undefined || limit.burst >= limit.requestsPerSecond, { message: 'burst must be at least requestsPerSecond', path: ['burst'] })
  .transform(
    ({ requestsPerSecond, burst, vendorCallsPerSecond }): RateLimit => ({
      requestsPerSecond,
      burst: burst ?? requestsPerSecond,
      ...(vendorCallsPerSecond === undefined ? {} : { vendorCallsPerSecond }),
    }),
  );

const apiKeysSchema = z
  .array(
    z.object({
      name: z.string().trim().min(1),
      sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 of the key (64 hex digits)')
        .transform((hex) => hex.toLowerCase()),
      scopes: z.array(z.enum(SCOPES)),
      rateLimit: rateLimitSchema.optional(),
    }),
  )
  .min(1);

const JWT_VARIABLES = ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const;

/** Callers' credentials, trusted proxies and CORS origins, adding every problem to `problems`. */
export function readAccessConfig(env: Env, problems: string[]): AccessConfig {
  const apiKeys = readApiKeys(env.API_KEYS, problems);
  const jwt = readJwt(env, problems);
  const defaultRateLimit = readDefaultRateLimit(env.RATE_LIMIT_DEFAULT, problems);
  const production = env.NODE_ENV === 'production';
  let devKey: Secret | undefined;
  if (apiKeys.length > 0 || jwt) {
    if (env.DEV_API_KEY !== undefined) problems.push('DEV_API_KEY: only for development without API_KEYS or JWT_*; remove it');
  } else if (production) {
    problems.push(`API_KEYS: callers' API keys (or ${JWT_VARIABLES.join(', ')}) are required in production`);
    if (env.DEV_API_KEY !== undefined) problems.push('DEV_API_KEY: not allowed in production');
  } else {
    devKey = new Secret(env.DEV_API_KEY ?? randomDevKey());
  }
  return {
    apiKeys,
    ...(jwt ? { jwt } : {}),
    ...(devKey ? { devKey } : {}),
    trustedProxies: readTrustedProxies(env.TRUSTED_PROXIES, problems),
    corsOrigins: readCorsOrigins(env.CORS_ORIGINS, problems),
    ...(defaultRateLimit ? { defaultRateLimit } : {}),
  };
}

function readDefaultRateLimit(text: string | undefined, problems: string[]): RateLimit | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push('RATE_LIMIT_DEFAULT: must be JSON like {"requestsPerSecond":10,"burst":20,"vendorCallsPerSecond":200}');
    return undefined;
  }
  const parsed = rateLimitSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`RATE_LIMIT_DEFAULT${issuePath(issue.path)}: ${issue.message}`);
  return undefined;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function readApiKeys(text: string | undefined, problems: string[]): ApiKeyConfig[] {
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push('API_KEYS: must be a JSON array of {"name","sha256","scopes"}');
    return [];
  }
  const parsed = apiKeysSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`API_KEYS${issuePath(issue.path)}: ${issue.message}`);
    return [];
  }
  const seen = new Set<string>();
  for (const [index, key] of parsed.data.entries()) {
    if (seen.has(key.sha256)) problems.push(`API_KEYS[${index}].sha256: the same key is configured twice`);
    seen.add(key.sha256);
  }
  return parsed.data;
}

function readJwt(env: Env, problems: string[]): JwtConfig | undefined {
  const given = JWT_VARIABLES.filter((name) => env[name] !== undefined);
  if (given.length === 0) return undefined;
  for (const name of JWT_VARIABLES) if (env[name] === undefined) problems.push(`${name}: required with ${given.join(', ')}`);
  if (env.NODE_ENV === 'production' && env.JWT_JWKS_URL?.startsWith('http:')) problems.push('JWT_JWKS_URL: must be https in production');
  return { jwksUrl: env.JWT_JWKS_URL ?? '', issuer: env.JWT_ISSUER ?? '', audience: env.JWT_AUDIENCE ?? '' };
}

function readTrustedProxies(text: string | undefined, problems: string[]): AddressRange[] {
  const ranges: AddressRange[] = [];
  for (const entry of commaList(text)) {
    const [address = '', bits, ...rest] = entry.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (version === 0 || rest.length > 0 || !(prefix <= max)) {
      problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR block`);
      continue;
    }
    ranges.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return ranges;
}

function readCorsOrigins(text: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of commaList(text)) {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry.replace(/\/$/, '')) origin = url.origin;
    } catch {
      // reported below
    }
    if (origin) origins.push(origin);
    else problems.push(`CORS_ORIGINS: "${entry}" is not an origin like https://shop.example`);
  }
  return origins;
}

function commaList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function randomDevKey(): string {
  return `dev-${randomBytes(24).toString('base64url')}`;
}
