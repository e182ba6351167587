/**
 * A one-reader queue as an async iterator: the producer pushes values, then ends it or
 * fails it; `return()` (the reader leaving, e.g. a `for await` broken off) calls `onReturn`.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private waiting?: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void };
  private finished = false;
  private failure?: { error: unknown };

  constructor(private readonly onReturn: () => void) {}

  push(value: T): void {
    if (this.finished) return;
    if (this.waiting) {
      this.take().resolve({ value, done: false });
    } else {
      this.buffered.push(value);
    }
  }

  /** No more values: the reader gets what is buffered, then `done`. */
  end(): void {
    this.finished = true;
    if (this.waiting && this.buffered.length === 0) this.take().resolve({ value: undefined, done: true });
  }

  /** The reader gets what is buffered, then `error` is thrown. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = { error };
    this.finished = true;
    if (this.waiting && this.buffered.length === 0) this.take().reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    const wasOpen = !this.finished;
    this.finished = true;
    this.failure = undefined;
    this.buffered.length = 0;
    if (this.waiting) this.take().resolve({ value: undefined, done: true });
    if (wasOpen) this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private take() {
    const waiting = this.waiting!;
    this.waiting = undefined;
    return waiting;
  }
}
