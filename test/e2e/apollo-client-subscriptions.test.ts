import { createClient } from 'graphql-ws';
import type { Observable } from 'rxjs';
import WebSocket from 'ws';
import { OrderLinesDocument, OrderUpdatedDocument } from '../generated/operations';
import { TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { registerHlLine } from '../harness/hl-fixtures';

jest.setTimeout(60_000);

const PROCESSING_MS = 60_000;

/** Apollo Client 4 as a frontend sets it up: queries and mutations over HTTP, subscriptions over GraphQLWsLink. */
function apolloClient(gatewayUrl: string, connectionParams: Record<string, unknown>) {
  (globalThis as { __DEV__?: boolean }).__DEV__ = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after `__DEV__` is set
  const { ApolloClient, ApolloLink, HttpLink, InMemoryCache } = require('@apollo/client') as typeof import('@apollo/client');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GraphQLWsLink } = require('@apollo/client/link/subscriptions') as typeof import('@apollo/client/link/subscriptions');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getMainDefinition } = require('@apollo/client/utilities') as typeof import('@apollo/client/utilities');
  const ws = createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
  const isSubscription = ({ query }: { query: Parameters<typeof getMainDefinition>[0] }) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  };
  const client = new ApolloClient({
    link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), new HttpLink({ uri: `${gatewayUrl}/graphql`, headers: { 'x-api-key': TEST_API_KEY } })),
    cache: new InMemoryCache(),
  });
  const close = async () => {
    client.stop();
    await ws.dispose();
  };
  return { client, close };
}

/** Every value of an Apollo subscription until it completes or fails. */
function collect<T>(observable: Observable<T>) {
  const values: T[] = [];
  const done = new Promise<{ values: T[]; error?: unknown }>((resolve) =>
    observable.subscribe({ next: (value) => values.push(value), error: (error) => resolve({ values, error }), complete: () => resolve({ values }) }),
  );
  return { values, done };
}

describe('Apollo Client 4 with GraphQLWsLink', () => {
  let h: Harness;
  let offset = 0;

  beforeAll(async () => {
    h = await startHarness({ hlconnect: { processingDelayMs: PROCESSING_MS, now: () => Date.now() + offset }, env: { SUBSCRIPTION_POLL_INTERVAL_MS: '100' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('follows an order to COMPLETED, and the normalised cache shows it to the query that read it PROCESSING', async () => {
    const { client, close } = apolloClient(h.gateway.url, { 'x-api-key': TEST_API_KEY });
    try {
      await registerHlLine(h.client, { orderNumber: 7501, orderLineId: 1 });
      const before = await client.query({ query: OrderLinesDocument, variables: { orderId: 7501 } });
      expect(before.data!.order!.status).toBe('PROCESSING');

      const updates = collect(client.subscribe({ query: OrderUpdatedDocument, variables: { orderId: 7501 } }));
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (updates.values.length === 0) return;
          clearInterval(check);
          resolve();
        }, 20);
      });
      offset += PROCESSING_MS;
      const { values, error } = await updates.done;
      expect(error).toBeUndefined();
      expect(values.map((value) => value.data?.orderUpdated.status)).toEqual(['PROCESSING', 'COMPLETED']);
      expect(values[1]!.data!.orderUpdated.items).toEqual([expect.objectContaining({ orderLineId: 1, status: 'COMPLETED', downloadUrl: expect.any(String) })]);

      // No network: the subscription's Order (same id) was written over the query's.
      const cached = await client.query({ query: OrderLinesDocument, variables: { orderId: 7501 }, fetchPolicy: 'cache-only' });
      expect(cached.data!.order).toMatchObject({ status: 'COMPLETED', items: [{ orderLineId: 1, status: 'COMPLETED' }] });
    } finally {
      await close();
    }
  });

  it('surfaces a refused credential as an error naming UNAUTHENTICATED', async () => {
    const { client, close } = apolloClient(h.gateway.url, { 'x-api-key': 'not-a-key-of-this-gateway' });
    try {
      // Apollo Client 4 delivers a subscription's error as a result, then completes.
      const { values } = await collect(client.subscribe({ query: OrderUpdatedDocument, variables: { orderId: 7501 } })).done;
      expect(values).toEqual([{ data: undefined, error: expect.objectContaining({ message: expect.stringMatching(/4401 UNAUTHENTICATED: /) }) }]);
    } finally {
      await close();
    }
  });
});
