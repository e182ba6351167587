import type { Secret } from '../../../config';
import { parseWire, unexpectedStatus, type VendorHttpClient } from '../../http';
import { tokenWire, type TokenRequestWire } from '../wire';
import type { IssuedCredential } from './cached-credential';
import { CachedTokenSource, credentialsRefused } from './cached-token-source';
import type { Clock } from './token-source';

const VENDOR = 'BOKNETT_DDS' as const;

export interface OAuthTokenSourceOptions {
  /** A client for the token endpoint's origin. */
  http: VendorHttpClient;
  /** The full token endpoint, e.g. `https://auth.bokbasen.io/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: Secret;
  /** For DDS: `https://api.bokbasen.io/dds/`. */
  audience: string;
  now: Clock;
}

/** Current DDS authentication: an OAuth 2.0 client-credentials token, sent as `Bearer …`. */
export class OAuthTokenSource extends CachedTokenSource {
  constructor(private readonly options: OAuthTokenSourceOptions) {
    super(options.now);
  }

  protected async issue(): Promise<IssuedCredential> {
    const operation = 'oauthToken';
    const body: TokenRequestWire = {
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret.reveal(),
      audience: this.options.audience,
      grant_type: 'client_credentials',
    };
    const response = await this.options.http.request({ operation, method: 'POST', idempotent: false, path: this.options.tokenUrl, json: body });
    // Many OAuth servers answer an unknown client with 400 `invalid_client`; 401 and 403 are auth failures too.
    if (response.status === 400) throw credentialsRefused(operation, 400);
    if (response.status !== 200) throw unexpectedStatus(response, VENDOR, operation);
    const token = parseWire(tokenWire, response, VENDOR, operation);
    return { value: `Bearer ${token.access_token}`, lifetimeMs: token.expires_in * 1000 };
  }
}
