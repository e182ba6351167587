export { createFleet, PERSISTED_QUERY_TTL_S, type Fleet, type FleetOptions } from './create-fleet';
export type { CallerRateLimiter, Admission, RateLimitRefusal } from './caller-rate-limiter';
export { RedisKeyValueCache } from './redis-key-value-cache';
export type { SharedRedis } from './shared-redis';
export { FleetQuota } from './vendor-quota';
