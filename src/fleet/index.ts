export { createFleet, PERSISTED_QUERY_TTL_S, type Fleet, type FleetOptions } from './create-fleet';
export { CallerRateLimiter, type Admission, type RateLimitRefusal } from './caller-rate-limiter';
export { RedisKeyValueCache } from './redis-key-value-cache';
export { SharedRedis } from './shared-redis';
export { FleetQuota } from './vendor-quota';
