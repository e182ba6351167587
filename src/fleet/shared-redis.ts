import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { FleetConfig } from '../config';

/** After a command fails, how long Redis is left alone before the next command tries it again, ms. */
const BYPASS_AFTER_FAILURE_MS = 1_000;
/** At most one warning per this long while Redis keeps failing, ms. */
const WARNING_INTERVAL_MS = 30_000;
/** Reconnect attempts back off to this, ms. */
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface SharedRedisOptions {
  redis: NonNullable<FleetConfig['redis']>;
  logger: Logger;
  /** Told of each failed command, by what asked (`apq`, `response-cache`, `rate-limit`, `vendor-quota`). */
  onError?: (operation: string) => void;
}

/**
 * The one connection to the Redis the replicas share. Never fatal and never a wait: commands
 * are not queued while disconnected (they fail at once), each has a short timeout, and after a
 * failure Redis is skipped for a moment, so that a dead or slow Redis costs requests nothing.
 * Reconnects on its own; warnings are logged at most every 30 s, and once when Redis is back.
 */
export class SharedRedis {
  readonly client: Redis;
  private readonly logger: Logger;
  private bypassUntil = 0;
  private lastWarning = Number.NEGATIVE_INFINITY;
  private down = false;
  private closed = false;
  /** After a failed command on a live connection: a PING, to say when Redis answers again. */
  private probe: NodeJS.Timeout | undefined;

  constructor(private readonly options: SharedRedisOptions) {
    this.logger = options.logger;
    const { url, commandTimeoutMs, connectTimeoutMs } = options.redis;
    this.client = new Redis(url.reveal(), {
      connectionName: 'purchase-gateway',
      connectTimeout: connectTimeoutMs,
      commandTimeout: commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // The quota's slots for one request's fan-out (41 calls at once) go in one round trip.
      enableAutoPipelining: true,
      retryStrategy: (times) => (this.closed ? null : Math.min(times * 100, MAX_RECONNECT_DELAY_MS)),
    });
    this.client.on('ready', () => {
      this.bypassUntil = 0;
      if (this.down) this.logger.info('Redis reachable again: shared limits and caches in use');
      this.down = false;
    });
    this.client.on('error', (error: Error) => this.noteDown('connection', error));
    this.client.on('close', () => {
      if (!this.closed) this.noteDown('connection', new Error('connection closed'));
    });
  }

  /** Waits until connected, at most `ms`; the gateway starts either way (Redis is never required). */
  async connected(ms: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.client.once('ready', onReady);
    });
  }

  /** Whether a command may be sent now: connected, and no failure a moment ago (`redis_up`). */
  usable(): boolean {
    return this.client.status === 'ready' && performance.now() >= this.bypassUntil;
  }

  /** A command failed (or timed out): counted, warned about now and then, and Redis skipped for a moment. */
  failed(operation: string, error: unknown): void {
    this.bypassUntil = performance.now() + BYPASS_AFTER_FAILURE_MS;
    this.options.onError?.(operation);
    this.warn(operation, error);
    this.down = true;
    this.probeLater();
  }

  /** A timed-out command leaves the connection up (no 'ready' to come): a PING after the bypass tells when Redis answers again. */
  private probeLater(): void {
    if (this.probe || this.closed) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      if (this.closed || !this.down || this.client.status !== 'ready') return; // a reconnect's 'ready' will say it
      this.client.ping().then(
        () => {
          if (!this.down) return;
          this.down = false;
          this.logger.info('Redis reachable again: shared limits and caches in use');
        },
        (error: unknown) => this.failed('probe', error),
      );
    }, BYPASS_AFTER_FAILURE_MS);
    this.probe.unref();
  }

  /** Quits politely when connected; stops reconnecting either way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probe);
    if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }

  private noteDown(operation: string, error: Error): void {
    this.down = true;
    this.warn(operation, error);
  }

  private warn(operation: string, error: unknown): void {
    const now = performance.now();
    if (now - this.lastWarning < WARNING_INTERVAL_MS) return;
    this.lastWarning = now;
    // The message only: ioredis errors may name the host, never the password.
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn({ operation, reason }, 'Redis unavailable: caches bypassed, limits per RATE_LIMIT_ON_REDIS_FAILURE; serving goes on');
  }
}
