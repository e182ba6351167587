import { UpstreamError } from '../../http';
import { CachedCredential, type IssuedCredential } from './cached-credential';
import type { Clock, TokenSource } from './token-source';

/** The login or token service refused the gateway's credentials: no retry helps. */
export function credentialsRefused(operation: string, status: number): UpstreamError {
  return new UpstreamError({ vendor: 'BOKNETT_DDS', operation, failure: 'AUTH_FAILED', mayHaveReachedVendor: false, status, detail: 'credentials refused' });
}

/**
 * A token source over one cached credential: subclasses say how to obtain it (and how
 * to end it); caching, single flight, renewal and invalidation are shared.
 */
export abstract class CachedTokenSource implements TokenSource {
  private readonly credential: CachedCredential;
  private closed = false;

  constructor(now: Clock) {
    this.credential = new CachedCredential(() => this.issue(), now);
  }

  /** Obtains a new credential; `value` is the whole Authorization header value. */
  protected abstract issue(): Promise<IssuedCredential>;

  /** Ends the session of a still-live credential at the vendor. Default: nothing to do. */
  protected async logout(_authorization: string): Promise<void> {}

  authorization(): Promise<string> {
    if (this.closed) {
      return Promise.reject(new UpstreamError({ vendor: 'BOKNETT_DDS', operation: 'authorization', failure: 'UNAVAILABLE', mayHaveReachedVendor: false, detail: 'closed' }));
    }
    return this.credential.get();
  }

  inUse(): string | undefined {
    // The header value is `<scheme> <credential>`.
    return this.credential.peek()?.replace(/^\S+\s+/, '');
  }

  invalidate(rejected: string): void {
    this.credential.invalidate(rejected);
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = await this.credential.take();
    if (live) await this.logout(live).catch(() => undefined);
  }
}
