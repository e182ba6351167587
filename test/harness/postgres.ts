import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the tests use: CI and developer machines run one on 127.0.0.1:5432. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Said once, instead of a cascade of ECONNREFUSED from every test that needs the database. */
let unreachable: Error | undefined;

/** Fails with one clear line when the tests' PostgreSQL is not running. */
async function requirePostgres(): Promise<void> {
  if (unreachable) throw unreachable;
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    const url = new URL(TEST_DATABASE_URL);
    unreachable = new Error(
      `This test needs PostgreSQL at ${url.host}${url.pathname} (TEST_DATABASE_URL), which is not reachable (${(error as Error).message}). ` +
        'Start it (`bash .ci/run` does) or point TEST_DATABASE_URL at one.',
    );
    unreachable.stack = unreachable.message;
    throw unreachable;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema of its own for one test file, so that runs never collide; dropped afterwards. */
export async function createTestSchema(): Promise<{ connectionString: string; schema: string; client(): Client; drop(): Promise<void> }> {
  await requirePostgres();
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return {
    connectionString: TEST_DATABASE_URL,
    schema,
    /** A client of its own (not connected yet) whose unqualified names are the schema's, as the ledger's are. */
    client: () => new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` }),
    async drop() {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
