import type Database from 'better-sqlite3';

/**
 * SQLite's own wait for another connection's lock. better-sqlite3 waits synchronously, holding
 * the event loop, so this stays short (a 20 ms timeout blocks for 20.7 ms when the lock stays
 * taken); longer waits are the group commit's, asynchronous. Long enough that another
 * process's commit (one batch and one fsync, a few ms on a real disk) is usually waited out
 * here, without the retry's pause.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 20;

export interface GroupCommitOptions {
  /** How long a write may wait in all for another connection's write lock before it fails. Default 5000. */
  maxLockWaitMs?: number;
}

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Date.now() when asked for: the lock wait is bounded per write, not per attempt. */
  queuedAt: number;
}

/** Errors after which SQLite may have rolled back the whole transaction, and advises a ROLLBACK anyway. */
const TRANSACTION_ERROR = /^SQLITE_(FULL|IOERR|NOMEM|BUSY)/;

/** Why a write failed without having run: another connection held the write lock too long. */
export class LockWaitTimeout extends Error {
  readonly code = 'SQLITE_BUSY';
  constructor(waitedMs: number, cause: unknown) {
    super(`SQLite write lock not obtained within ${waitedMs} ms: another connection holds it; nothing was written`, { cause });
    this.name = 'LockWaitTimeout';
  }
}

/** Why a write that succeeded on its own was not committed: its batch was rolled back. */
export class BatchRolledBack extends Error {
  constructor(cause: unknown) {
    super(`group commit rolled back, nothing of this batch was committed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'BatchRolledBack';
  }
}

/**
 * Group commit for a SQLite file with full fsync: the writes asked for in one turn of the
 * event loop are committed by one transaction, hence one fsync, and each caller hears back
 * only once its write is durable. With one fsync per write, better-sqlite3 (synchronous)
 * holds the event loop for every fsync and caps a gateway at a few hundred orders a second.
 *
 * On failure: a write that fails on its own (a constraint) is rolled back to its savepoint
 * and fails alone. If the transaction is lost (disk full, I/O error, out of memory, or the
 * COMMIT fails), every write of the batch fails and none is committed: a caller told "failed"
 * must be able to rely on it (a claim committed but reported failed stays PENDING, owned by no one).
 *
 * On lock contention (another process is writing): the batch is tried again after a short,
 * growing, jittered pause, so the event loop runs meanwhile; a write still waiting after
 * `maxLockWaitMs` fails with LockWaitTimeout, uncommitted.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private readonly maxLockWaitMs: number;
  private retry: NodeJS.Timeout | undefined;
  private busyRetries = 0;
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    options: GroupCommitOptions = {},
  ) {
    this.maxLockWaitMs = options.maxLockWaitMs ?? 5000;
    // Explicit statements, not db.transaction(): its nested call opens a fresh autocommit
    // transaction once SQLite has rolled back the outer one, so later writes committed alone.
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'), // take the write lock up front: other processes may share the file
      savepoint: db.prepare('SAVEPOINT group_commit_write'),
      release: db.prepare('RELEASE group_commit_write'),
      rollbackTo: db.prepare('ROLLBACK TO group_commit_write'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  /** Runs `write` in the next group's transaction; resolves with its result once committed. */
  write<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: write, resolve: resolve as (value: unknown) => void, reject, queuedAt: Date.now() });
      // While a retry is pending the queue is not empty: the new write joins that retry.
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is queued now (also called before the database closes). */
  flush(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    try {
      this.control.begin.run();
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) this.waitForLock(jobs, error);
      else for (const job of jobs) job.reject(error);
      return;
    }
    this.busyRetries = 0;
    if (jobs.length === 1) this.commitOne(jobs[0]!);
    else this.commitMany(jobs);
  }

  /**
   * A batch of one: its write runs in the transaction itself, without a savepoint (a statement in a
   * savepoint also copies the pages it changes into a statement journal). Failing on its own, the write
   * rolls back the transaction, which held nothing else: the same outcome as rolling back to its savepoint.
   */
  private commitOne(job: Job): void {
    let value: unknown;
    let ran = false;
    try {
      value = job.run();
      ran = true;
      this.control.commit.run();
    } catch (error) {
      // A failed COMMIT may leave the transaction open; SQLite may also have rolled it back already.
      if (this.db.inTransaction) this.control.rollback.run();
      job.reject(ran ? new BatchRolledBack(error) : error);
      return;
    }
    job.resolve(value);
  }

  /** Several writes: each in its own savepoint, so that one failing on its own fails alone. */
  private commitMany(jobs: Job[]): void {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    let failed: number | undefined; // the write whose error lost the transaction, if one did
    try {
      for (const [i, job] of jobs.entries()) {
        this.control.savepoint.run();
        let value: unknown;
        try {
          value = job.run();
        } catch (error) {
          if (!this.db.inTransaction || TRANSACTION_ERROR.test((error as { code?: string }).code ?? '')) {
            failed = i;
            throw error;
          }
          this.control.rollbackTo.run();
          this.control.release.run();
          outcomes.push({ ok: false, value: error });
          continue;
        }
        this.control.release.run();
        outcomes.push({ ok: true, value });
      }
      this.control.commit.run();
    } catch (error) {
      // A failed COMMIT may leave the transaction open; SQLite may also have rolled it back already.
      if (this.db.inTransaction) this.control.rollback.run();
      const lost = new BatchRolledBack(error);
      // A write that had failed on its own keeps its own error.
      for (const [i, job] of jobs.entries()) job.reject(i === failed ? error : outcomes[i]?.ok === false ? outcomes[i]!.value : lost);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
  }

  /** Puts the batch back at the head of the queue and tries again soon, failing writes that waited too long. */
  private waitForLock(jobs: Job[], busy: unknown): void {
    const now = Date.now();
    const waiting: Job[] = [];
    for (const job of jobs) {
      if (now - job.queuedAt >= this.maxLockWaitMs) job.reject(new LockWaitTimeout(now - job.queuedAt, busy));
      else waiting.push(job);
    }
    this.queue = [...waiting, ...this.queue];
    if (this.queue.length === 0) return;
    // 5, 10, 20 … 100 ms, ±50 %: processes contending for one file do not retry in step.
    const pause = Math.min(100, 5 * 2 ** this.busyRetries++) * (0.5 + Math.random());
    const deadline = Math.min(...this.queue.map((job) => job.queuedAt)) + this.maxLockWaitMs;
    this.retry = setTimeout(() => this.flush(), Math.max(0, Math.min(pause, deadline - now)));
  }
}
