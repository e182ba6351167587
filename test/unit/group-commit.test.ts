import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../src/ledger/sqlite/group-commit';

describe('SQLite group commit', () => {
  let dir: string;
  let db: Database.Database;
  let reader: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    reader = new Database(join(dir, 'x.db'), { readonly: true });
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

  it('flushes what is queued on demand (before the database closes)', async () => {
    const group = new GroupCommit(db);
    const write = group.write(insert('z'));
    group.flush();
    expect(committed()).toEqual(['z']);
    await expect(write).resolves.toBe(1);
  });
});
