import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BatchRolledBack, GroupCommit, LockWaitTimeout, SQLITE_BUSY_TIMEOUT_MS } from '../../src/ledger/sqlite/group-commit';

describe('SQLite group commit', () => {
  let dir: string;
  let db: Database.Database;
  let reader: Database.Database;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    path = join(dir, 'x.db');
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`); // as the SQLite ledger sets it
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    reader = new Database(path, { readonly: true });
  });

  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (k: string) => () => db.prepare('INSERT INTO t (k) VALUES (?)').run(k).changes;
  const committed = () => (reader.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k);

  it('commits the writes of one turn together, and answers each once another connection can read it', async () => {
    const group = new GroupCommit(db);
    const writes = ['a', 'b', 'c'].map((k) => group.write(insert(k)));
    expect(committed()).toEqual([]);
    await expect(Promise.all(writes)).resolves.toEqual([1, 1, 1]);
    expect(committed()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the write that fails', async () => {
    const group = new GroupCommit(db);
    const results = await Promise.allSettled([group.write(insert('a')), group.write(insert('a')), group.write(insert('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('rolls back all of a lone write that fails part way, and commits nothing of it', async () => {
    const group = new GroupCommit(db);
    await group.write(insert('a'));
    // Alone in its batch: it runs in the transaction itself, without a savepoint.
    const halfDone = () => {
      db.prepare('INSERT INTO t (k) VALUES (?)').run('b');
      return db.prepare('INSERT INTO t (k) VALUES (?)').run('a').changes;
    };
    // Matched as text: better-sqlite3's error class may come from another test file's module registry.
    expect(String(await group.write(halfDone).catch((e: unknown) => e))).toMatch(/UNIQUE/);
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual(['a']);
    await expect(group.write(insert('c'))).resolves.toBe(1);
    expect(committed()).toEqual(['a', 'c']);
  });

  it('fails a lone write whose commit fails, having committed nothing', async () => {
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE child (k TEXT REFERENCES t (k) DEFERRABLE INITIALLY DEFERRED)');
    const group = new GroupCommit(db);
    const error = await group.write(() => db.prepare('INSERT INTO child (k) VALUES (?)').run('nobody').changes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRolledBack);
    expect(String(error)).toMatch(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(reader.prepare('SELECT COUNT(*) AS n FROM child').get()).toEqual({ n: 0 });
  });

  it('fails the whole batch, and commits none of it, when the disk fills mid-batch', async () => {
    const group = new GroupCommit(db);
    // The file may not grow: 'a' fits in the table's page, the 5 kB value needs overflow pages.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const results = await Promise.allSettled(['a', 'x'.repeat(5000), 'b', 'c'].map((k) => group.write(insert(k))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    // SQLite rolled the transaction back itself; nothing may have slipped in by autocommit.
    expect(committed()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/full/);
    for (const i of [0, 2, 3]) expect(String((results[i] as PromiseRejectedResult).reason)).toMatch(/rolled back.*full/);
    db.pragma('max_page_count = 1000000');
    await expect(group.write(insert('d'))).resolves.toBe(1);
    expect(committed()).toEqual(['d']);
  });

  it('fails every write of the batch, and commits none, when the commit itself fails', async () => {
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE child (k TEXT REFERENCES t (k) DEFERRABLE INITIALLY DEFERRED)');
    const group = new GroupCommit(db);
    const orphan = () => db.prepare('INSERT INTO child (k) VALUES (?)').run('nobody').changes;
    // The deferred foreign key is checked only at COMMIT, so each write succeeds on its own.
    const results = await Promise.allSettled([group.write(insert('a')), group.write(orphan), group.write(insert('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(committed()).toEqual([]);
    expect(reader.prepare('SELECT COUNT(*) AS n FROM child').get()).toEqual({ n: 0 });
  });

  /** Another connection (as another process would) holding the write lock: BEGIN IMMEDIATE and one insert. */
  const holdWriteLock = () => {
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO t (k) VALUES (?)').run('other');
    return other;
  };

  /** The longest gap between ticks of a 10 ms interval while `during` runs: how long the event loop was held. */
  const longestStall = async (during: () => Promise<unknown>) => {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    try {
      await during();
    } finally {
      clearInterval(ticker);
    }
    return longest;
  };

  it("waits for another connection's write lock without holding the event loop, and commits once it is released", async () => {
    const other = holdWriteLock();
    const group = new GroupCommit(db);
    let releasedAt = 0;
    let answeredAt = 0;
    const stall = await longestStall(async () => {
      const write = group.write(insert('a')).then((changes) => {
        answeredAt = performance.now();
        return changes;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(committed()).toEqual([]);
      other.exec('COMMIT');
      releasedAt = performance.now();
      await expect(write).resolves.toBe(1);
    });
    other.close();
    expect(answeredAt).toBeGreaterThan(releasedAt);
    expect(committed()).toEqual(['a', 'other']);
    // The lock was held for 1 s; SQLite's own (blocking) wait is SQLITE_BUSY_TIMEOUT_MS.
    expect(stall).toBeLessThan(250);
  });

  it('gives up on the write lock after maxLockWaitMs, having written nothing', async () => {
    const other = holdWriteLock();
    const group = new GroupCommit(db, { maxLockWaitMs: 300 });
    const started = performance.now();
    let error: unknown;
    const stall = await longestStall(async () => {
      error = await group.write(insert('a')).catch((e: unknown) => e);
    });
    const waited = performance.now() - started;
    expect(error).toBeInstanceOf(LockWaitTimeout);
    expect(error).toMatchObject({ code: 'SQLITE_BUSY', message: expect.stringMatching(/write lock not obtained within \d+ ms/) });
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(1000);
    expect(stall).toBeLessThan(250);
    other.exec('COMMIT');
    other.close();
    expect(committed()).toEqual(['other']);
    // Nothing of the abandoned write is left queued: the next write commits alone.
    await expect(group.write(insert('b'))).resolves.toBe(1);
    expect(committed()).toEqual(['b', 'other']);
  });

  it('flushes what is queued on demand (before the database closes)', async () => {
    const group = new GroupCommit(db);
    const write = group.write(insert('z'));
    group.flush();
    expect(committed()).toEqual(['z']);
    await expect(write).resolves.toBe(1);
  });
});
