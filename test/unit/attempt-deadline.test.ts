import { bulkhead, TaskCancelledError, wrap } from 'cockatiel';
import { AttemptDeadline } from '../../src/vendors/http/attempt-deadline';

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
