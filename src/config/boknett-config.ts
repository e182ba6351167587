import type { Env } from './env-schema';
import { sandboxStatePath } from './sandbox-state';
import { Secret } from './secret';

/** Production endpoints from the DDS contract; each can be overridden. */
export const BOKNETT_PRODUCTION = {
  apiBaseUrl: 'https://api.bokbasen.io/dds/',
  loginUrl: 'https://login.boknett.no',
  tokenUrl: 'https://auth.bokbasen.io/oauth/token',
  audience: 'https://api.bokbasen.io/dds/',
} as const;

export type BoknettAuthConfig =
  /** Legacy ticket login at `{loginUrl}/v1/tickets`. */
  | { kind: 'tgt'; loginUrl: string; username: string; password: Secret }
  /** OAuth 2.0 client credentials at `tokenUrl`. */
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: Secret; audience: string };

export type BoknettConfig = (
  | { mode: 'live'; apiBaseUrl: string; auth: BoknettAuthConfig }
  /** No credentials: the gateway runs the DDS simulator in-process. */
  | { mode: 'sandbox'; downloadProcessingMs: number; statePath: string }
) & {
  /** How `download` polls DDS's status page: the wait between looks and the total time, ms. */
  downloadPoll: { intervalMs: number; timeoutMs: number };
};

const TGT_CREDENTIALS = ['BOKNETT_USERNAME', 'BOKNETT_PASSWORD'] as const;
const OAUTH_CREDENTIALS = ['BOKNETT_CLIENT_ID', 'BOKNETT_CLIENT_SECRET'] as const;
const SETTINGS = ['BOKNETT_API_BASE_URL', 'BOKNETT_LOGIN_URL', 'BOKNETT_OAUTH_TOKEN_URL', 'BOKNETT_AUDIENCE'] as const;
const CREDENTIALS_HINT = 'BOKNETT_USERNAME and BOKNETT_PASSWORD (BOKNETT_AUTH_MODE=tgt), or BOKNETT_CLIENT_ID and BOKNETT_CLIENT_SECRET (BOKNETT_AUTH_MODE=oauth)';

/**
 * The Boknett DDS section, adding every problem to `problems`. The mode is
 * BOKNETT_AUTH_MODE, or the only kind of credentials given; with none at all the
 * gateway runs the simulator (refused in production).
 */
export function readBoknettConfig(env: Env, problems: string[]): BoknettConfig {
  const downloadPoll = { intervalMs: env.BOKNETT_DOWNLOAD_POLL_INTERVAL_MS, timeoutMs: env.BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS };
  const given = (names: readonly (keyof Env)[]) => names.filter((name) => env[name] !== undefined);
  const tgtGiven = given(TGT_CREDENTIALS).length > 0;
  const oauthGiven = given(OAUTH_CREDENTIALS).length > 0;
  const kind = env.BOKNETT_AUTH_MODE ?? (tgtGiven === oauthGiven ? undefined : tgtGiven ? 'tgt' : 'oauth');

  if (kind === undefined) {
    if (tgtGiven && oauthGiven) {
      problems.push('BOKNETT_AUTH_MODE: required (tgt or oauth) when both ticket and OAuth credentials are set');
    } else {
      for (const name of given(SETTINGS)) problems.push(`${name}: set without Boknett credentials; also set ${CREDENTIALS_HINT}`);
      if (env.NODE_ENV === 'production') {
        problems.push(`BOKNETT_AUTH_MODE: Boknett credentials are required in production (${CREDENTIALS_HINT}); the sandbox simulator is for development only`);
      }
    }
    return { mode: 'sandbox', downloadProcessingMs: env.SANDBOX_PROCESSING_MS, statePath: sandboxStatePath(env, 'boknett'), downloadPoll };
  }

  const required = kind === 'tgt' ? TGT_CREDENTIALS : OAUTH_CREDENTIALS;
  for (const name of required) if (env[name] === undefined) problems.push(`${name}: required when BOKNETT_AUTH_MODE is ${kind}`);
  const apiBaseUrl = env.BOKNETT_API_BASE_URL ?? BOKNETT_PRODUCTION.apiBaseUrl;
  const auth: BoknettAuthConfig =
    kind === 'tgt'
      ? {
          kind,
          loginUrl: env.BOKNETT_LOGIN_URL ?? BOKNETT_PRODUCTION.loginUrl,
          username: env.BOKNETT_USERNAME ?? '',
          password: new Secret(env.BOKNETT_PASSWORD ?? ''),
        }
      : {
          kind,
          tokenUrl: env.BOKNETT_OAUTH_TOKEN_URL ?? BOKNETT_PRODUCTION.tokenUrl,
          clientId: env.BOKNETT_CLIENT_ID ?? '',
          clientSecret: new Secret(env.BOKNETT_CLIENT_SECRET ?? ''),
          audience: env.BOKNETT_AUDIENCE ?? BOKNETT_PRODUCTION.audience,
        };
  return { mode: 'live', apiBaseUrl, auth, downloadPoll };
}
