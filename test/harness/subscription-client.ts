import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { TEST_API_KEY } from './api-keys';

/** How a subscription ended, as the client saw it. */
export type SubscriptionEnd =
  | { kind: 'complete' }
  /** An `error` message: the operation's GraphQL errors. */
  | { kind: 'errors'; errors: { message: string; extensions?: Record<string, unknown> }[] }
  /** The socket closed under it (code and reason). */
  | { kind: 'closed'; code: number; reason: string };

export interface TestSubscription<TData> {
  /** Every `next` payload so far. */
  readonly events: FormattedExecutionResult<TData>[];
  /** Resolves once the subscription ends, whichever way. */
  readonly ended: Promise<SubscriptionEnd>;
  /** Resolves once `count` events have arrived (fails if it ends first). */
  eventCount(count: number): Promise<FormattedExecutionResult<TData>[]>;
  /** Leaves: the client sends `complete`. */
  unsubscribe(): void;
}

export interface SubscriptionClientOptions {
  /** graphql-ws `connectionParams`; the test key with every scope unless given. */
  connectionParams?: Record<string, unknown>;
}

/**
 * A graphql-ws client over `ws` to the gateway's `/graphql`, as a frontend's GraphQLWsLink
 * uses it: one socket, many subscriptions, no retries (a test wants to see every close).
 */
export class SubscriptionTestClient {
  readonly client: Client;
  private closeEvent?: { code: number; reason: string };

  constructor(gatewayUrl: string, options: SubscriptionClientOptions = {}) {
    this.client = createClient({
      url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: options.connectionParams ?? { 'x-api-key': TEST_API_KEY },
      retryAttempts: 0,
      lazy: false,
      on: {
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          this.closeEvent = { code, reason: String(reason) };
        },
      },
      onNonLazyError: () => undefined,
    });
  }

  /** The close the socket saw last, if it has closed. */
  get closed(): { code: number; reason: string } | undefined {
    return this.closeEvent;
  }

  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): TestSubscription<TData> {
    const events: FormattedExecutionResult<TData>[] = [];
    const waiters: { count: number; resolve: () => void; reject: (error: Error) => void }[] = [];
    let end: SubscriptionEnd | undefined;
    let settle!: (end: SubscriptionEnd) => void;
    const ended = new Promise<SubscriptionEnd>((resolve) => (settle = resolve));
    const finish = (how: SubscriptionEnd) => {
      if (end) return;
      end = how;
      settle(how);
      for (const waiter of waiters.splice(0)) {
        if (events.length >= waiter.count) waiter.resolve();
        else waiter.reject(new Error(`the subscription ended (${JSON.stringify(how)}) after ${events.length} of ${waiter.count} events`));
      }
    };
    const unsubscribe = this.client.subscribe<TData>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (value) => {
          events.push(value as FormattedExecutionResult<TData>);
          for (const waiter of waiters.filter((w) => events.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        },
        error: (error) => {
          if (Array.isArray(error)) finish({ kind: 'errors', errors: error as { message: string }[] });
          else {
            const { code, reason } = error as { code: number; reason: string };
            finish({ kind: 'closed', code, reason: String(reason) });
          }
        },
        complete: () => finish({ kind: 'complete' }),
      },
    );
    return {
      events,
      ended,
      eventCount: (count) =>
        new Promise((resolve, reject) => {
          if (events.length >= count) return resolve(events);
          if (end) return reject(new Error(`the subscription ended (${JSON.stringify(end)}) after ${events.length} of ${count} events`));
          waiters.push({ count, resolve: () => resolve(events), reject });
        }),
      unsubscribe,
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
