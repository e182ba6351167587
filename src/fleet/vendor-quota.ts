import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QuotaExhausted, type VendorCallQuota } from '../vendors/http';
import type { SharedRedis } from './shared-redis';

const WINDOW_MS = 1_000;
/**
 * A call in flight holds its slot this long at most, ms: longer than any attempt may take
 * (UPSTREAM_CONNECT_TIMEOUT_MS + 2 × UPSTREAM_TIMEOUT_MS at most), so that only a replica
 * that died mid-call leaves a slot taken, and only for this long.
 */
const IN_FLIGHT_HOLD_MS = 30_000;
/** How often a call waiting for a slot held by calls in flight asks again, ms. */
const IN_FLIGHT_POLL_MS = 20;
/** An end of call Redis could not take is tried again after 0.5, 1 and 2 s: a Redis back by then frees the slot. */
const END_RETRY_MS = 500;
const END_RETRIES = 3;

/**
 * One slot in a sliding one-second log, or how long to wait for one. KEYS[1]: the log (a
 * sorted set: call → until when it is in flight, then when it ended), KEYS[2]: "paused
 * until" (epoch ms). ARGV: limit, window ms, the call's unique member, in-flight hold ms,
 * poll ms. Redis's clock, so that every replica measures the same second.
 */
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + window)
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then return tonumber(ARGV[5]) end
return math.max(1, oldest + window - now)
`;

/** The call ARGV[1] has ended: its slot is held for a window from now (if it is still in the log). */
const END_CALL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
`;

/** Sets "paused until" now + ARGV[1] ms, unless a later pause is already set. */
const PAUSE = `
local t = redis.call('TIME')
local untilMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[1]) end
return 0
`;

type QuotaRedis = SharedRedis['client'] & {
  takeVendorSlot(log: string, pausedKey: string, limit: number, windowMs: number, member: string, holdMs: number, pollMs: number): Promise<number>;
  endVendorCall(log: string, member: string): Promise<number>;
  pauseVendor(pausedKey: string, ms: number): Promise<number>;
};

export interface FleetQuotaOptions {
  /** Calls per second across the fleet. */
  callsPerSecond: number;
  /** The shared Redis; absent: counted in this process (one replica). */
  redis?: SharedRedis;
  /** Where this vendor's log and pause live, e.g. `purchase-gateway:quota:HL_CONNECT:`. */
  keyPrefix: string;
  /** While Redis cannot be asked: send (`open`) or refuse (`closed`). */
  onRedisFailure: 'open' | 'closed';
  /** Told of each call refused for want of a slot. */
  onRefused?: () => void;
}

const NOTHING = () => undefined;

/**
 * A vendor's calls per second across all replicas: a sliding one-second log, so that no
 * second (not only each clock second) holds more than the quota, which fixed windows
 * (rate-limiter-flexible's, whole seconds) cannot promise. A call holds its slot from when
 * it is let through until a second after it ended (its end is recorded even while a Redis
 * failure a moment ago has this replica skip Redis otherwise): the vendor sees it arrive somewhere in
 * between, so however long a call took to get there, no second at the vendor holds more
 * (the price: a little under the quota, by the calls' own duration). A call without a slot
 * waits until one frees, within its own deadline, else it is not sent. A pause (the
 * vendor's 429 `Retry-After`) holds every replica's calls. Two Redis commands per call.
 */
export class FleetQuota implements VendorCallQuota {
  private readonly replica = randomBytes(6).toString('hex');
  private serial = 0;
  /** Without Redis: when each call in the window started, or ended. */
  private readonly local = new Map<number, number>();
  private localPausedUntil = 0;

  constructor(private readonly options: FleetQuotaOptions) {
    const client = options.redis?.client;
    if (client && !('takeVendorSlot' in client)) {
      client.defineCommand('takeVendorSlot', { numberOfKeys: 2, lua: TAKE_SLOT });
      client.defineCommand('endVendorCall', { numberOfKeys: 1, lua: END_CALL });
      client.defineCommand('pauseVendor', { numberOfKeys: 1, lua: PAUSE });
    }
  }

  async acquire(maxWaitMs: number): Promise<() => void> {
    const deadline = performance.now() + maxWaitMs;
    const call = (this.serial += 1);
    for (;;) {
      const slot = await this.takeSlot(call);
      if (typeof slot === 'function') return slot;
      // A little jitter: replicas that waited for the same slot do not all ask at the same moment.
      const wait = slot + Math.random() * 5;
      if (performance.now() + wait >= deadline) {
        this.options.onRefused?.();
        throw new QuotaExhausted('quota');
      }
      await sleep(wait);
    }
  }

  pause(ms: number): void {
    this.localPausedUntil = Math.max(this.localPausedUntil, performance.now() + ms);
    const { redis } = this.options;
    if (!redis?.usable()) return;
    (redis.client as QuotaRedis).pauseVendor(this.pausedKey(), Math.ceil(ms)).catch((error: unknown) => redis.failed('vendor-quota', error));
  }

  /** The slot's end-of-call callback, or ms to wait before asking again. */
  private async takeSlot(call: number): Promise<(() => void) | number> {
    // This replica's own 429s hold it whether or not Redis can be asked.
    const pausedMs = this.localPausedUntil - performance.now();
    if (pausedMs > 0) return pausedMs;
    const { redis } = this.options;
    if (!redis) return this.takeLocalSlot(call);
    if (redis.usable()) {
      const client = redis.client as QuotaRedis;
      const log = `${this.options.keyPrefix}log`;
      const member = `${this.replica}:${call}`;
      try {
        const waitMs = await client.takeVendorSlot(log, this.pausedKey(), this.options.callsPerSecond, WINDOW_MS, member, IN_FLIGHT_HOLD_MS, IN_FLIGHT_POLL_MS);
        if (waitMs > 0) return waitMs;
        return () => this.endCall(redis, log, member);
      } catch (error) {
        redis.failed('vendor-quota', error);
        // A command that timed out may still have run: its slot would be held as in flight.
        this.endCall(redis, log, member);
      }
    }
    if (this.options.onRedisFailure === 'open') return NOTHING;
    this.options.onRefused?.();
    throw new QuotaExhausted('redis_unavailable');
  }

  /**
   * Marks a call ended in the log, also while this replica skips Redis after a failed command:
   * a slot left as in flight holds the whole fleet's quota for IN_FLIGHT_HOLD_MS. Tried again a
   * few times when Redis cannot take it now.
   */
  private endCall(redis: SharedRedis, log: string, member: string, retry = 0): void {
    (redis.client as QuotaRedis).endVendorCall(log, member).catch((error: unknown) => {
      redis.failed('vendor-quota', error);
      if (retry < END_RETRIES) setTimeout(() => this.endCall(redis, log, member, retry + 1), END_RETRY_MS * 2 ** retry).unref();
    });
  }

  private takeLocalSlot(call: number): (() => void) | number {
    const now = performance.now();
    let oldest = Number.POSITIVE_INFINITY;
    for (const [id, at] of this.local) {
      if (at <= now - WINDOW_MS) this.local.delete(id);
      else oldest = Math.min(oldest, at);
    }
    if (this.local.size >= this.options.callsPerSecond) return oldest > now ? IN_FLIGHT_POLL_MS : Math.max(1, oldest + WINDOW_MS - now);
    this.local.set(call, now + IN_FLIGHT_HOLD_MS);
    return () => {
      if (this.local.has(call)) this.local.set(call, performance.now());
    };
  }

  private pausedKey(): string {
    return `${this.options.keyPrefix}paused-until`;
  }
}
