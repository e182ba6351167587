import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { FleetConfig } from '../config';
import type { RateLimit, Vendor } from '../domain';
import type { GatewayMetrics } from '../observability';
import type { VendorCallQuota } from '../vendors/http';
import type { CallerRateLimiter } from './caller-rate-limiter';
import { RedisKeyValueCache } from './redis-key-value-cache';
import type { SharedRedis } from './shared-redis';
import { FleetQuota } from './vendor-quota';

/** In memory (no REDIS_URL): persisted query texts, least recently used dropped first. */
const PERSISTED_QUERIES_BYTES = 8 * 1024 * 1024;
/** In memory (no REDIS_URL): shared answers, least recently used dropped first. */
const RESPONSE_CACHE_BYTES = 16 * 1024 * 1024;
/** How long a persisted query stays registered in Redis, seconds. */
export const PERSISTED_QUERY_TTL_S = 24 * 60 * 60;

/** What the replicas of one gateway share: in Redis with REDIS_URL, else in this process. */
export interface Fleet {
  /** The shared connection; absent without REDIS_URL. */
  redis?: SharedRedis;
  /** Callers' limits; absent when no caller has any (no API key's `rateLimit`, no default). */
  rateLimiter?: CallerRateLimiter;
  /** Automatic persisted queries by hash (Apollo's `persistedQueries.cache`). */
  persistedQueries: KeyValueCache<string>;
  /** Answers callers may share (the shared answers' store). */
  responses: KeyValueCache<string>;
  /** A vendor's calls per second across the fleet; undefined without a quota. */
  quotas: Partial<Record<Vendor, VendorCallQuota>>;
  close(): Promise<void>;
}

export interface FleetOptions {
  config: FleetConfig;
  /** Whether any caller is limited (an API key's `rateLimit`, or this default). */
  limitsCallers: boolean;
  defaultRateLimit?: RateLimit;
  logger: Logger;
  metrics: GatewayMetrics;
}

/**
 * Connects to Redis (waiting at most REDIS_CONNECT_TIMEOUT_MS: the gateway starts without it)
 * and builds what rides on it. ioredis and rate-limiter-flexible are loaded only when used:
 * a gateway without REDIS_URL or limits does not pay for them at start-up.
 */
export async function createFleet(options: FleetOptions): Promise<Fleet> {
  const { config, logger, metrics } = options;
  const prefix = config.keyPrefix;
  let redis: SharedRedis | undefined;
  if (config.redis) {
    const { SharedRedis } = require('./shared-redis') as typeof import('./shared-redis');
    redis = new SharedRedis({ redis: config.redis, logger, onError: (operation) => metrics.redisErrors.inc({ operation }) });
    metrics.watchRedis(() => redis?.usable() ?? false);
    if (!(await redis.connected(config.redis.connectTimeoutMs))) logger.warn('Redis not reachable at start-up: serving without it until it is');
  }
  const quotas: Fleet['quotas'] = {};
  for (const [vendor, callsPerSecond] of Object.entries(config.vendorQuotas) as [Vendor, number][]) {
    quotas[vendor] = new FleetQuota({
      callsPerSecond,
      ...(redis ? { redis } : {}),
      keyPrefix: `${prefix}quota:${vendor}:`,
      onRedisFailure: config.onRedisFailure,
      onRefused: () => metrics.quotaRefusals.inc({ vendor }),
    });
  }
  let rateLimiter: CallerRateLimiter | undefined;
  if (options.limitsCallers) {
    const { CallerRateLimiter } = require('./caller-rate-limiter') as typeof import('./caller-rate-limiter');
    rateLimiter = new CallerRateLimiter({
      ...(redis ? { redis } : {}),
      keyPrefix: prefix,
      onRedisFailure: config.onRedisFailure,
      ...(options.defaultRateLimit ? { defaultLimit: options.defaultRateLimit } : {}),
    });
  }
  return {
    ...(redis ? { redis } : {}),
    ...(rateLimiter ? { rateLimiter } : {}),
    persistedQueries: redis ? new RedisKeyValueCache(redis, `${prefix}kv:`, 'apq', PERSISTED_QUERY_TTL_S) : new InMemoryLRUCache<string>({ maxSize: PERSISTED_QUERIES_BYTES }),
    responses: redis ? new RedisKeyValueCache(redis, `${prefix}kv:`, 'response-cache', 60) : new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_BYTES }),
    quotas,
    close: async () => redis?.close(),
  };
}
