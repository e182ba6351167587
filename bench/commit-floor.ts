import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { spread } from './summary';

export interface CommitFloor {
  /** One commit right after another. */
  backToBackMs: number;
  /** One commit after `idleMs` of nothing, as `completeCheckout`'s commits come (after the request's wait, after the vendors'). */
  afterIdleMs: number;
}

/**
 * What one durable commit costs on this machine now, the floor under each of the two commits
 * `completeCheckout` keeps on its response path: a one-row update committed alone, `count`
 * times back to back and `count` times each after `idleMs` idle, on a SQLite file as the ledger
 * opens it (WAL, synchronous=FULL) or on the PostgreSQL server the ledger uses (in a schema of
 * its own, dropped afterwards). Medians, ms. A process, a server or a disk that has been idle
 * answers slower than a busy one; how much slower depends on the machine.
 */
export async function commitFloor(target: { sqliteDir: string } | { postgresUrl: string }, idleMs: number, count = 200): Promise<CommitFloor> {
  const timed = async (commit: () => unknown, idle: number) => {
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      if (idle > 0) await sleep(idle);
      const started = performance.now();
      await commit();
      times.push(performance.now() - started);
    }
    return spread(times).median;
  };
  if ('sqliteDir' in target) {
    const db = new Database(join(target.sqliteDir, 'commit-floor.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO t VALUES (1, 0)');
      const update = db.prepare('UPDATE t SET n = n + 1 WHERE id = 1');
      return { backToBackMs: await timed(() => update.run(), 0), afterIdleMs: await timed(() => update.run(), idleMs) };
    } finally {
      db.close();
    }
  }
  const schema = `commit_floor_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: target.postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO ${schema}.t VALUES (1, 0)`);
    const update = { name: 'commit_floor', text: `UPDATE ${schema}.t SET n = n + 1 WHERE id = 1` };
    return { backToBackMs: await timed(() => client.query(update), 0), afterIdleMs: await timed(() => client.query(update), idleMs) };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}
