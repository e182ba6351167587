import { inspect } from 'node:util';
import { join } from 'node:path';
import { BOKNETT_PRODUCTION, loadConfig } from '../../src/config';
import { TEST_API_KEYS } from '../harness/api-keys';
import { configProblems } from '../harness/config-problems';

const HL = { HLCONNECT_TOKEN: 'hl-token' };
/** Production also needs callers' keys. */
const CALLERS = { API_KEYS: TEST_API_KEYS };
const TGT = { BOKNETT_USERNAME: 'shop', BOKNETT_PASSWORD: 'pa55-word-do-not-show' };
const OAUTH = { BOKNETT_CLIENT_ID: 'client', BOKNETT_CLIENT_SECRET: 'client-secret-do-not-show' };

describe('Boknett DDS configuration', () => {
  it('runs the simulator when no Boknett setting is given', () => {
    expect(loadConfig({}).boknett).toEqual({
      mode: 'sandbox',
      downloadProcessingMs: 3_000,
      statePath: join('data', 'sandbox-boknett.json'),
      downloadPoll: { intervalMs: 500, timeoutMs: 10_000 },
    });
  });

  it('refuses to start in production without Boknett credentials', () => {
    expect(configProblems({ ...HL, ...CALLERS, NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^BOKNETT_AUTH_MODE: Boknett credentials are required in production/)]);
  });

  it('uses the production login and API with ticket credentials', () => {
    const { boknett } = loadConfig({ ...HL, ...CALLERS, NODE_ENV: 'production', ...TGT });
    expect(boknett).toMatchObject({
      mode: 'live',
      apiBaseUrl: BOKNETT_PRODUCTION.apiBaseUrl,
      auth: { kind: 'tgt', loginUrl: 'https://login.boknett.no', username: 'shop' },
    });
  });

  it('uses the production token endpoint and audience with OAuth credentials', () => {
    const { boknett } = loadConfig({ ...OAUTH });
    expect(boknett).toMatchObject({
      mode: 'live',
      apiBaseUrl: 'https://api.bokbasen.io/dds/',
      auth: { kind: 'oauth', tokenUrl: 'https://auth.bokbasen.io/oauth/token', clientId: 'client', audience: 'https://api.bokbasen.io/dds/' },
    });
  });

  it('lets BOKNETT_AUTH_MODE choose when both kinds are given, and takes every URL given', () => {
    const { boknett } = loadConfig({
      ...TGT,
      ...OAUTH,
      BOKNETT_AUTH_MODE: 'OAuth',
      BOKNETT_API_BASE_URL: 'https://api.dds.boknett.webbe.no/',
      BOKNETT_OAUTH_TOKEN_URL: 'https://auth.example/oauth/token',
      BOKNETT_AUDIENCE: 'https://audience.example/',
      BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '750',
      BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: '5000',
    });
    expect(boknett).toMatchObject({
      mode: 'live',
      apiBaseUrl: 'https://api.dds.boknett.webbe.no/',
      auth: { kind: 'oauth', tokenUrl: 'https://auth.example/oauth/token', audience: 'https://audience.example/' },
      downloadPoll: { intervalMs: 750, timeoutMs: 5_000 },
    });
  });

  it('never shows the password or client secret when printed or serialised', () => {
    for (const env of [TGT, OAUTH]) {
      const config = loadConfig(env);
      for (const text of [JSON.stringify(config), inspect(config, { depth: 10 })]) {
        expect(text).not.toContain(TGT.BOKNETT_PASSWORD);
        expect(text).not.toContain(OAUTH.BOKNETT_CLIENT_SECRET);
      }
    }
  });

  it.each([
    ['a username without a password', { BOKNETT_USERNAME: 'shop' }, ['BOKNETT_PASSWORD: required when BOKNETT_AUTH_MODE is tgt']],
    ['a client secret without a client id', { BOKNETT_CLIENT_SECRET: 's' }, ['BOKNETT_CLIENT_ID: required when BOKNETT_AUTH_MODE is oauth']],
    [
      'a mode without its credentials',
      { BOKNETT_AUTH_MODE: 'tgt', ...OAUTH },
      ['BOKNETT_USERNAME: required when BOKNETT_AUTH_MODE is tgt', 'BOKNETT_PASSWORD: required when BOKNETT_AUTH_MODE is tgt'],
    ],
    ['both kinds of credentials and no mode', { ...TGT, ...OAUTH }, ['BOKNETT_AUTH_MODE: required (tgt or oauth) when both ticket and OAuth credentials are set']],
    ['a URL without credentials', { BOKNETT_API_BASE_URL: 'https://dds.example/' }, [expect.stringMatching(/^BOKNETT_API_BASE_URL: set without Boknett credentials/)]],
  ] as [string, Record<string, string>, unknown[]][])('refuses %s', (_name, env, problems) => {
    expect(configProblems(env)).toEqual(problems);
  });

  it('reports every bad Boknett value at once, each by name', () => {
    const problems = configProblems({
      BOKNETT_AUTH_MODE: 'kerberos',
      BOKNETT_API_BASE_URL: 'ftp://dds.example',
      BOKNETT_LOGIN_URL: 'not a url',
      BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '0',
      BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: 'soon',
    }).join('\n');
    for (const name of ['BOKNETT_AUTH_MODE', 'BOKNETT_API_BASE_URL', 'BOKNETT_LOGIN_URL', 'BOKNETT_DOWNLOAD_POLL_INTERVAL_MS', 'BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS']) {
      expect(problems).toContain(`${name}:`);
    }
  });

  it('keeps a password exactly as given', () => {
    const { boknett } = loadConfig({ BOKNETT_USERNAME: 'shop', BOKNETT_PASSWORD: ' spaced ' });
    expect(boknett.mode === 'live' && boknett.auth.kind === 'tgt' && boknett.auth.password.reveal()).toBe(' spaced ');
  });
});
