import type { Logger } from 'pino';
import { Channel } from './channel';

export interface PollFeedOptions<T> {
  /** What is watched, for logs: `order`, `checkout`. */
  subject: string;
  /** Its state now; null when it is not known (at the vendor, in the ledger). A throw is a failed read, tried again next time. */
  read(id: number): Promise<T | null>;
  /** Two states with the same key are the same to a subscriber: nothing is sent for a read that did not change it. */
  stateKey(state: T): string;
  /** No further change is expected: subscribers get this state, then the end. */
  isFinal(state: T): boolean;
  /** What a subscriber to something not known gets thrown (after which it ends). */
  notFound(id: number): Error;
  /** Pause between the end of one read and the start of the next, ms. */
  intervalMs: number;
  logger: Logger;
}

/** One id's poll loop and whoever listens to it. */
interface Watch<T> {
  id: number;
  subscribers: Set<Channel<T>>;
  /** The latest state read (refreshed by every read, sent on only when its key changed). */
  latest?: T;
  latestKey?: string;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  /** Reads have failed since the last one that worked: logged once per streak, not per interval. */
  failing: boolean;
}

/**
 * Updates of something polled (an HL Connect order, a checkout in the ledger) with ONE poll
 * loop per id in this process, whatever the number of subscribers: the first subscriber
 * starts it, the last one to leave stops it. Each subscriber gets the latest state first,
 * then one value per change, and the end once the state is final. Each process (replica)
 * runs its own loops.
 */
export class PollFeed<T> {
  private readonly watches = new Map<number, Watch<T>>();
  private closed = false;

  constructor(private readonly options: PollFeedOptions<T>) {}

  /** Subscribers now, over all ids. */
  get subscriberCount(): number {
    let count = 0;
    for (const watch of this.watches.values()) count += watch.subscribers.size;
    return count;
  }

  /** Poll loops running now: one per watched id. */
  get loopCount(): number {
    return this.watches.size;
  }

  /** The states of `id` from now on; leaving (`return()`) stops the loop when nobody else listens. */
  watch(id: number): AsyncIterableIterator<T> {
    let watch = this.watches.get(id);
    const channel: Channel<T> = new Channel(() => this.leave(watch!, channel));
    if (this.closed) {
      channel.end();
      return channel;
    }
    if (!watch) {
      watch = { id, subscribers: new Set(), stopped: false, failing: false };
      this.watches.set(id, watch);
      watch.subscribers.add(channel);
      void this.poll(watch);
    } else {
      watch.subscribers.add(channel);
      if (watch.latest !== undefined) channel.push(watch.latest);
    }
    return channel;
  }

  /** Ends every subscription and stops every loop (shutdown). */
  close(): void {
    this.closed = true;
    for (const watch of [...this.watches.values()]) this.finish(watch, (channel) => channel.end());
  }

  private leave(watch: Watch<T>, channel: Channel<T>): void {
    watch.subscribers.delete(channel);
    if (watch.subscribers.size === 0) this.stop(watch);
  }

  private async poll(watch: Watch<T>): Promise<void> {
    const { subject, read, stateKey, isFinal, notFound, logger } = this.options;
    const where = { [`${subject}Id`]: watch.id };
    let state: T | null;
    try {
      state = await read(watch.id);
    } catch (error) {
      // The state is not known this time; subscribers keep what they have.
      logger[watch.failing ? 'debug' : 'warn']({ err: error, ...where }, `${subject} poll failed: trying again at the next interval`);
      watch.failing = true;
      this.schedule(watch);
      return;
    }
    if (watch.failing) logger.info(where, `${subject} poll works again`);
    watch.failing = false;
    if (watch.stopped) return;
    if (state === null) {
      const error = notFound(watch.id);
      this.finish(watch, (channel) => channel.fail(error));
      return;
    }
    const key = stateKey(state);
    const changed = key !== watch.latestKey;
    watch.latest = state;
    watch.latestKey = key;
    if (changed) for (const channel of watch.subscribers) channel.push(state);
    if (isFinal(state)) {
      this.finish(watch, (channel) => channel.end());
      return;
    }
    this.schedule(watch);
  }

  private schedule(watch: Watch<T>): void {
    if (watch.stopped) return;
    watch.timer = setTimeout(() => void this.poll(watch), this.options.intervalMs);
  }

  /** Stops the loop and lets every subscriber go with `how`. */
  private finish(watch: Watch<T>, how: (channel: Channel<T>) => void): void {
    this.stop(watch);
    const subscribers = [...watch.subscribers];
    watch.subscribers.clear();
    for (const channel of subscribers) how(channel);
  }

  private stop(watch: Watch<T>): void {
    watch.stopped = true;
    clearTimeout(watch.timer);
    if (this.watches.get(watch.id) === watch) this.watches.delete(watch.id);
  }
}
