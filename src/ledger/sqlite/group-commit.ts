import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for a SQLite file with full fsync: the writes asked for in one turn of the
 * event loop are committed by one transaction, hence one fsync, and each caller hears back
 * only once its write is durable. Each write runs in a savepoint of its own, so one that
 * fails leaves the others in. With one fsync per write, better-sqlite3 (synchronous) holds
 * the event loop for every fsync and caps a gateway at a few hundred orders a second.
 */
export class GroupCommit {
  private queue: Job[] = [];

  constructor(private readonly db: Database.Database) {}

  /** Runs `write` in the next group's transaction; resolves with its result once committed. */
  write<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: write, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is queued now (also called before the database closes). */
  flush(): void {
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      // IMMEDIATE: take the write lock up front, as other processes may share the file.
      this.db
        .transaction(() => {
          for (const job of jobs) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(job.run)() });
            } catch (error) {
              outcomes.push({ ok: false, value: error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
  }
}
