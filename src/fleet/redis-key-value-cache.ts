import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { SharedRedis } from './shared-redis';

/**
 * Apollo's KeyValueCache in the shared Redis, for what one replica stores and another reads
 * (persisted queries, shared answers). A cache, never a dependency: while Redis cannot be
 * asked, `get` finds nothing and `set` stores nothing, at once.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  /**
   * @param operation names this cache in `redis_errors_total` and warnings.
   * @param defaultTtlS used when Apollo gives no `ttl`: nothing stays in Redis forever.
   */
  constructor(
    private readonly redis: SharedRedis,
    private readonly prefix: string,
    private readonly operation: string,
    private readonly defaultTtlS: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (!this.redis.usable()) return undefined;
    try {
      return (await this.redis.client.get(this.prefix + key)) ?? undefined;
    } catch (error) {
      this.redis.failed(this.operation, error);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.redis.usable()) return;
    const ttlS = options?.ttl ?? this.defaultTtlS;
    try {
      await this.redis.client.set(this.prefix + key, value, 'PX', Math.max(1, Math.round(ttlS * 1000)));
    } catch (error) {
      this.redis.failed(this.operation, error);
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!this.redis.usable()) return false;
    try {
      return (await this.redis.client.del(this.prefix + key)) > 0;
    } catch (error) {
      this.redis.failed(this.operation, error);
      return false;
    }
  }
}
