import { ConfigError, loadConfig } from '../../src/config';

/** The problems loadConfig reports for `env`; fails the test when it accepts it. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
