// A frontend's view of an order, typed by the client preset (`graphql()` comes from the
// generated folder). Checked by test/client/frontend-codegen.test.ts.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { graphql } from './gql';
import type { TrackOrderQuery } from './gql/graphql';

export const TrackOrder = graphql(`
  query TrackOrder($orderId: SafeInt!) {
    order(orderId: $orderId) {
      id
      orderId
      status
      items {
        id
        status
        unitPrice { amount currency }
        downloadUrl
      }
    }
  }
`);

export const OrderUpdates = graphql(`
  subscription OrderUpdates($orderId: SafeInt!) {
    orderUpdated(orderId: $orderId) {
      id
      status
      failureMessage
      items { id status downloadUrl viewUrl }
    }
  }
`);

/** Queries and mutations over HTTP, subscriptions over WebSocket on the same path; one API key for both. */
export function gatewayClient(gatewayUrl: string, apiKey: string) {
  const ws = createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, connectionParams: { 'x-api-key': apiKey } });
  const http = new HttpLink({ uri: `${gatewayUrl}/graphql`, headers: { 'x-api-key': apiKey } });
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    http,
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

/** Shows an order now, then follows it until fulfilment is over. */
export async function followOrder(client: ApolloClient, orderId: number, show: (line: string) => void) {
  const { data } = await client.query({ query: TrackOrder, variables: { orderId } });
  const order = data?.order;
  if (!order) return show(`order ${orderId} is unknown`);
  const price: string | undefined = order.items[0]?.unitPrice?.amount; // Decimal: exact text
  show(`${order.orderId}: ${order.status}${price ? ` (${price})` : ''}`);

  client.subscribe({ query: OrderUpdates, variables: { orderId } }).subscribe(({ data: update }) => {
    const status: 'PROCESSING' | 'COMPLETED' | 'FAILED' | undefined = update?.orderUpdated.status;
    const links = update?.orderUpdated.items.flatMap((item) => (item.downloadUrl ? [item.downloadUrl] : [])) ?? [];
    show(`${orderId}: ${status} ${links.join(' ')}`);
  });
}

/** What the scalar mappings refuse at compile time. */
export function typeMistakes(client: ApolloClient, order: NonNullable<TrackOrderQuery['order']>) {
  // @ts-expect-error SafeInt is a number: an order number as text does not type-check.
  void client.query({ query: TrackOrder, variables: { orderId: '5001' } });
  // @ts-expect-error a Decimal amount is exact text, not a number.
  const amount: number | undefined = order.items[0]?.unitPrice?.amount;
  return amount;
}
