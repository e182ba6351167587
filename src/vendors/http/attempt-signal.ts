/**
 * The cancellation one vendor attempt needs: undici reads `aborted` and `reason` and hangs
 * one `abort` listener on a request's signal. An AbortController is a full EventTarget (with
 * weak-listener bookkeeping on every add and remove): one per attempt measured about 5 µs of
 * CPU per vendor call in `npm run bench:costs`, where this costs a plain object.
 */
export class AttemptSignal {
  aborted = false;
  /** What `AbortController.abort()` gives: a DOMException named `AbortError`. */
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index >= 0) this.listeners!.splice(index, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }

  /**
   * Typed as the AbortSignal cockatiel's policy contexts and undici's options name: both
   * only read `aborted`, `reason` and add or remove an `abort` listener.
   */
  asAbortSignal(): AbortSignal {
    return this as unknown as AbortSignal;
  }
}
