import { bulkhead, TaskCancelledError, wrap } from 'cockatiel';
import { AttemptDeadline } from '../../src/vendors/http/attempt-deadline';
import { AttemptSignal } from '../../src/vendors/http/attempt-signal';
import { RequestLimitReached } from '../../src/vendors/http/request-limit-error';

describe('attempt deadline', () => {
  it('answers what the attempt answers, and passes its failure through', async () => {
    const deadline = new AttemptDeadline(1_000);
    await expect(deadline.execute(async () => 'answer')).resolves.toBe('answer');
    await expect(deadline.execute(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('fails at the deadline with TaskCancelledError and aborts the attempt’s signal', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const attempt = new AttemptDeadline(50).execute(({ signal }) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    });
    await expect(attempt).rejects.toBeInstanceOf(TaskCancelledError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(seen?.aborted).toBe(true);
  });

  it('counts the wait for a bulkhead slot', async () => {
    const policy = wrap(new AttemptDeadline(50), bulkhead(1, 10));
    // The first call holds the only slot past both deadlines.
    const holding = policy.execute(() => new Promise<never>(() => undefined)).catch((error: unknown) => error);
    let ran = false;
    await expect(
      policy.execute(async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(TaskCancelledError);
    expect(ran).toBe(false);
    await expect(holding).resolves.toBeInstanceOf(TaskCancelledError);
  });

  it('refuses at once when the caller has already cancelled', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(new AttemptDeadline(1_000).execute(async () => 'x', cancelled.signal)).rejects.toBeInstanceOf(TaskCancelledError);
  });
});

describe('attempt deadline bounded by the request’s deadline', () => {
  it('fails with RequestLimitReached, not TaskCancelledError, when the request’s deadline comes first', async () => {
    let seen: AbortSignal | undefined;
    const attempt = new AttemptDeadline(10_000).execute(
      ({ signal }) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      },
      undefined,
      { remainingMs: () => 30 },
    );
    await expect(attempt).rejects.toEqual(new RequestLimitReached('REQUEST_DEADLINE'));
    expect(seen?.aborted).toBe(true);
  });

  it('does not start an attempt once the request’s deadline has passed', async () => {
    let ran = false;
    const attempt = new AttemptDeadline(10_000).execute(
      async () => {
        ran = true;
      },
      undefined,
      { remainingMs: () => 0 },
    );
    await expect(attempt).rejects.toBeInstanceOf(RequestLimitReached);
    expect(ran).toBe(false);
  });

  it('keeps its own timeout when that comes first', async () => {
    const attempt = new AttemptDeadline(30).execute(() => new Promise<never>(() => undefined), undefined, { remainingMs: () => 10_000 });
    await expect(attempt).rejects.toBeInstanceOf(TaskCancelledError);
  });
});

describe('attempt signal', () => {
  it('tells its listeners once, with the reason an AbortController gives', () => {
    const signal = new AttemptSignal();
    const told: unknown[] = [];
    const kept = () => told.push(signal.reason);
    const removed = () => told.push('removed');
    signal.addEventListener('abort', kept);
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    signal.abort();
    signal.abort();
    expect(signal.aborted).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]).toBeInstanceOf(DOMException);
    expect((told[0] as DOMException).name).toBe('AbortError');
  });
});
