import { ConfigError, loadConfig } from '../../src/config';
import { envSchema } from '../../src/config/env-schema';
import { readLimitsConfig } from '../../src/config/limits-config';

const limitsOf = (env: Record<string, string>) => readLimitsConfig(envSchema.parse(env));

describe('query limits configuration', () => {
  it('has defaults for every limit', () => {
    expect(limitsOf({})).toEqual({
      maxOrderIds: 50,
      maxCheckoutLines: 50,
      maxBodyBytes: 1024 * 1024,
      maxQueryDepth: 10,
      maxAliases: 30,
      maxQueryCost: 1000,
      maxQueryTokens: 5000,
      requestDeadlineMs: 30_000,
      introspection: true,
      landingPage: true,
      ide: 'sandbox',
    });
  });

  it('GRAPHQL_IDE chooses the IDE of / and /graphql', () => {
    expect(limitsOf({ GRAPHQL_IDE: 'graphiql' })).toMatchObject({ landingPage: true, ide: 'graphiql' });
    expect(limitsOf({ GRAPHQL_IDE: 'sandbox', NODE_ENV: 'production' })).toMatchObject({ landingPage: false, ide: 'sandbox' });
  });

  it('turns introspection and the landing page off in production unless enabled', () => {
    expect(limitsOf({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, landingPage: false });
    expect(limitsOf({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ introspection: true, landingPage: false });
    expect(limitsOf({ NODE_ENV: 'production', GRAPHQL_LANDING_PAGE: 'yes' })).toMatchObject({ introspection: false, landingPage: true });
  });

  it('lets development turn them off too; empty means unset', () => {
    expect(limitsOf({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_LANDING_PAGE: '0' })).toMatchObject({ introspection: false, landingPage: false });
    expect(limitsOf({ GRAPHQL_INTROSPECTION: '', GRAPHQL_LANDING_PAGE: ' ' })).toMatchObject({ introspection: true, landingPage: true });
  });

  it('reports every bad limit by name', () => {
    let error: unknown;
    try {
      loadConfig({
        MAX_QUERY_DEPTH: '1',
        MAX_ALIASES: 'many',
        MAX_QUERY_COST: '0',
        MAX_QUERY_TOKENS: '10',
        REQUEST_DEADLINE_MS: 'soon',
        GRAPHQL_INTROSPECTION: 'maybe',
        GRAPHQL_IDE: 'playground',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['MAX_QUERY_DEPTH', 'MAX_ALIASES', 'MAX_QUERY_COST', 'MAX_QUERY_TOKENS', 'REQUEST_DEADLINE_MS', 'GRAPHQL_INTROSPECTION', 'GRAPHQL_IDE'])
      expect(problems).toContain(name);
  });
});
