import type { BoknettAuthConfig, UpstreamConfig } from '../../config';
import { VendorHttpClient, type KnownSecrets, type VendorCallQuota, type VendorResilienceOptions } from '../http';
import { OAuthTokenSource } from './auth/oauth-token-source';
import { TgtTokenSource } from './auth/tgt-token-source';
import type { Clock, TokenSource } from './auth/token-source';
import { BoknettClient } from './boknett-client';
import type { PollBounds } from './poll-download';

export interface CreateBoknettClientOptions {
  /** The DDS API base URL, e.g. `https://api.bokbasen.io/dds/`. */
  apiBaseUrl: string;
  auth: BoknettAuthConfig;
  upstream: UpstreamConfig;
  /** Retry, breaker and bulkhead settings, applied to the API and the login service each on their own. */
  resilience: VendorResilienceOptions;
  downloadPoll: PollBounds;
  /** The clock for credential lifetimes, `Date` headers and `placedAt`. Default `Date.now`. */
  now?: Clock;
  /** Calls per second DDS takes across the fleet, logins included; absent: none. */
  quota?: VendorCallQuota;
  /** The gateway's secrets, masked out of DDS's text wherever it is shown or logged. */
  secrets?: KnownSecrets;
}

/**
 * A Boknett client with its own connection pools: one for the API and one for the
 * login or token service, which live on other origins in production.
 */
export function createBoknettClient(options: CreateBoknettClientOptions): BoknettClient {
  const now = options.now ?? Date.now;
  const pool = (baseUrl: string) =>
    new VendorHttpClient({
      vendor: 'BOKNETT_DDS',
      baseUrl,
      ...options.upstream,
      ...options.resilience,
      ...(options.quota ? { quota: options.quota } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
  const api = pool(options.apiBaseUrl);
  const { auth } = options;
  const login = pool(auth.kind === 'tgt' ? auth.loginUrl : auth.tokenUrl);
  const tokens: TokenSource =
    auth.kind === 'tgt'
      ? new TgtTokenSource({ http: login, username: auth.username, password: auth.password, now })
      : new OAuthTokenSource({ http: login, tokenUrl: auth.tokenUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, audience: auth.audience, now });
  return new BoknettClient({
    http: api,
    apiBaseUrl: options.apiBaseUrl,
    auth: tokens,
    download: options.downloadPoll,
    now,
    onClose: async () => {
      await api.close();
      await login.close();
    },
  });
}
