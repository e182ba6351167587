import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { spread } from './summary';

/**
 * What one durable commit costs on this machine now, the floor under each of the two commits
 * `completeCheckout` keeps on its response path: a one-row update committed alone, `count`
 * times, on a SQLite file as the ledger opens it (WAL, synchronous=FULL) or on the PostgreSQL
 * server the ledger uses (in a schema of its own, dropped afterwards). Median, ms.
 */
export async function commitFloorMs(target: { sqliteDir: string } | { postgresUrl: string }, count = 200): Promise<number> {
  const times: number[] = [];
  if ('sqliteDir' in target) {
    const db = new Database(join(target.sqliteDir, 'commit-floor.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO t VALUES (1, 0)');
      const update = db.prepare('UPDATE t SET n = n + 1 WHERE id = 1');
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        update.run();
        times.push(performance.now() - started);
      }
    } finally {
      db.close();
    }
  } else {
    const schema = `commit_floor_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: target.postgresUrl });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO ${schema}.t VALUES (1, 0)`);
      const update = { name: 'commit_floor', text: `UPDATE ${schema}.t SET n = n + 1 WHERE id = 1` };
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        await client.query(update);
        times.push(performance.now() - started);
      }
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await client.end();
    }
  }
  return spread(times).median;
}
