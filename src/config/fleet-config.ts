import type { Vendor } from '../domain';
import type { Env } from './env-schema';
import { Secret } from './secret';

/** What the replicas of one gateway share, and how each behaves when that cannot be reached. */
export interface FleetConfig {
  /** Where shared state lives; absent: in this process's memory (one replica). */
  redis?: {
    /** May hold a password: never logged. */
    url: Secret;
    commandTimeoutMs: number;
    connectTimeoutMs: number;
  };
  /** Put before every shared key. */
  keyPrefix: string;
  /** Limits and quotas while Redis cannot be asked: `open` lets through, `closed` refuses. */
  onRedisFailure: 'open' | 'closed';
  /** Calls per second to each vendor across all replicas; absent: no quota. */
  vendorQuotas: Partial<Record<Vendor, number>>;
  /** How long shared answers are reused, seconds (0: not cached). */
  responseCacheTtlS: { catalogue: number; vendorHealth: number };
}

export function readFleetConfig(env: Env): FleetConfig {
  const vendorQuotas: FleetConfig['vendorQuotas'] = {};
  if (env.HLCONNECT_MAX_CALLS_PER_SECOND !== undefined) vendorQuotas.HL_CONNECT = env.HLCONNECT_MAX_CALLS_PER_SECOND;
  if (env.BOKNETT_MAX_CALLS_PER_SECOND !== undefined) vendorQuotas.BOKNETT_DDS = env.BOKNETT_MAX_CALLS_PER_SECOND;
  return {
    ...(env.REDIS_URL ? { redis: { url: new Secret(env.REDIS_URL), commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS, connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS } } : {}),
    keyPrefix: env.REDIS_KEY_PREFIX,
    onRedisFailure: env.RATE_LIMIT_ON_REDIS_FAILURE,
    vendorQuotas,
    responseCacheTtlS: { catalogue: env.CATALOGUE_CACHE_TTL_S, vendorHealth: env.VENDOR_HEALTH_CACHE_TTL_S },
  };
}
