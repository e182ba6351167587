import type { BoknettSimulator } from '../../src/vendors/boknett/simulator';
import type { HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';

/**
 * The gateway's live vendor settings pointing at simulators: credentials of both DDS
 * kinds, BOKNETT_AUTH_MODE picks one (tgt unless a test says otherwise).
 */
export function simulatorEnv(hl: HlConnectSimulator, boknett: BoknettSimulator): Record<string, string> {
  const dds = boknett.credentials;
  return {
    HLCONNECT_BASE_URL: hl.url,
    HLCONNECT_TOKEN: hl.accessToken,
    BOKNETT_AUTH_MODE: 'tgt',
    BOKNETT_API_BASE_URL: boknett.url,
    BOKNETT_LOGIN_URL: boknett.url,
    BOKNETT_USERNAME: dds.username,
    BOKNETT_PASSWORD: dds.password,
    BOKNETT_OAUTH_TOKEN_URL: `${boknett.url}/oauth/token`,
    BOKNETT_CLIENT_ID: dds.clientId,
    BOKNETT_CLIENT_SECRET: dds.clientSecret,
    BOKNETT_AUDIENCE: dds.audience,
  };
}
