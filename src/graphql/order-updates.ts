import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import { fulfilmentKey, isFulfilmentOver, type Order } from '../domain';
import { PollFeed } from '../subscriptions/poll-feed';
import type { HlConnectClient } from '../vendors/hlconnect';
import { ErrorCode } from './errors/error-codes';
import { createHlConnectLoaders, type HlConnectLoaders } from './loaders/hlconnect-loaders';

/**
 * One read of an order by its poll loop, sent to all its subscribers: links the vendor did
 * not inline are fetched through `links`, shared by every subscriber of this read.
 */
export interface OrderSnapshot {
  order: Order;
  links: HlConnectLoaders;
}

export type OrderUpdates = PollFeed<OrderSnapshot>;

/** An order the vendor does not know, or none of whose lines is the subscriber's. */
export const orderNotFound = (orderId: number) => new GraphQLError(`HL Connect does not know order ${orderId}.`, { extensions: { code: ErrorCode.ORDER_NOT_FOUND } });

/** `orderUpdated`'s source: one HL Connect poll loop per order id in this process. */
export function createOrderUpdates(hlconnect: HlConnectClient, options: { intervalMs: number; logger: Logger }): OrderUpdates {
  return new PollFeed<OrderSnapshot>({
    subject: 'order',
    read: async (orderId) => {
      const order = await hlconnect.orderInfo(orderId);
      return order && { order, links: createHlConnectLoaders(hlconnect) };
    },
    stateKey: (snapshot) => fulfilmentKey(snapshot.order),
    isFinal: (snapshot) => isFulfilmentOver(snapshot.order),
    notFound: orderNotFound,
    ...options,
  });
}
