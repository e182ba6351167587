import type { Clock } from './token-source';

export interface IssuedCredential {
  /** The value to send, e.g. the ticket or access token. */
  value: string;
  /** How long the vendor lets it live from when it was asked for, in ms. */
  lifetimeMs: number;
}

/** Renew this long before the vendor's expiry: a tenth of the lifetime, at most a minute. */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

interface Cached {
  value: string;
  renewAt: number;
  expiresAt: number;
}

/**
 * One credential, fetched on demand and reused until shortly before it expires.
 * Concurrent callers share one fetch in flight; a failed fetch is not cached.
 */
export class CachedCredential {
  private cached: Cached | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetch: () => Promise<IssuedCredential>,
    private readonly now: Clock,
  ) {}

  get(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.value);
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The cached credential, if any, without fetching one. */
  peek(): string | undefined {
    return this.cached?.value;
  }

  /** Forgets the credential when it is still `value`; a newer one is kept. */
  invalidate(value: string): void {
    if (this.cached?.value === value) this.cached = undefined;
  }

  /** The unexpired credential, if any, once a fetch in flight has settled; forgotten from then on. */
  async take(): Promise<string | undefined> {
    await this.inFlight?.catch(() => undefined);
    const cached = this.cached;
    this.cached = undefined;
    return cached && this.now() < cached.expiresAt ? cached.value : undefined;
  }

  private async refresh(): Promise<string> {
    // The lifetime counts from the request, so a slow answer never makes it look longer.
    const askedAt = this.now();
    const issued = await this.fetch();
    const expiresAt = askedAt + issued.lifetimeMs;
    this.cached = { value: issued.value, renewAt: expiresAt - renewalMarginMs(issued.lifetimeMs), expiresAt };
    return issued.value;
  }
}
