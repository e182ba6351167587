import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { nokFromOre, type DdsOrder as DdsOrderRecord, type Money as MoneyRecord, type Scope } from '../../domain';
import { placeDdsOrder } from '../../purchases';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors/bad-user-input';
import { encodeNodeId } from '../ids/node-id';
import { PlaceDdsOrderInput } from '../inputs/place-dds-order.input';
import { PlaceDdsOrderPayload } from '../payloads/place-dds-order.payload';
import { DdsDownload } from '../types/dds-download.type';
import { DdsOrder } from '../types/dds-order.type';
import { Money } from '../types/money.type';

/** Boknett DDS: place an order, then download its content. */
@Resolver(() => DdsOrder)
export class DdsOrderResolver {
  @Authorized<Scope>('dds:write')
  @Mutation(() => PlaceDdsOrderPayload, {
    description:
      'Sells one e-book or audiobook to one buyer through Boknett DDS, at most once per idempotency key: a repeat returns the recorded answer. An UPSTREAM_* error says in extensions.outcome what the ledger recorded: NOT_APPLIED (DDS never acted, e.g. a 429 or a failed login: send it again) or NEEDS_ATTENTION (a timeout or 5xx after sending: the order may have been placed, and a repeat answers NEEDS_ATTENTION until an operator confirms it).',
  })
  async placeDdsOrder(@Arg('input') input: PlaceDdsOrderInput, @Ctx() ctx: GatewayContext): Promise<PlaceDdsOrderPayload> {
    const result = await placeDdsOrder(ctx.services, input, ctx.caller.name);
    return result.ok ? { ddsOrder: result.value, userErrors: [] } : { ddsOrder: null, userErrors: result.userErrors };
  }

  @Authorized<Scope>('orders:read')
  @Query(() => DdsOrder, {
    nullable: true,
    description: 'A placed DDS order, read from the purchase ledger; null when this caller placed none under this orderId (any caller’s, with `ledger:read`).',
  })
  ddsOrder(@Arg('orderId') orderId: string, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.ledger.ddsOrder.load(orderId);
  }

  @Authorized<Scope>('orders:read')
  @Query(() => [DdsOrder], { nullable: 'items', description: 'Several placed DDS orders, in the order asked; null for an unknown one. At most MAX_ORDER_IDS ids.' })
  ddsOrders(@Arg('orderIds', () => [String]) orderIds: string[], @Ctx() ctx: GatewayContext) {
    const max = ctx.services.limits.maxOrderIds;
    if (orderIds.length > max) throw badUserInput(`orderIds takes at most ${max} ids`, 'orderIds');
    return orderIds.map((orderId) => ctx.loaders.ledger.ddsOrder.load(orderId));
  }

  // Nullable: when DDS fails (5xx, timeout) the field is null with its coded error, and the
  // order around it (e.g. the one `placeDdsOrder` just placed) is still answered.
  @FieldResolver(() => DdsDownload, {
    nullable: true,
    description:
      'Prepares the content in one format and waits for it, for at most the gateway’s configured polling time. Asked twice with the same arguments in one request, it is prepared once. Null, with an UPSTREAM_* error at its path, when DDS could not be asked; the order is still answered.',
  })
  download(
    @Root() order: DdsOrderRecord,
    @Arg('type', { description: 'The wanted format, e.g. `application/epub+zip` or `audio/vnd.bokbasen.complete-public`.' }) type: string,
    @Ctx() ctx: GatewayContext,
    @Arg('bitrate', () => Int, { nullable: true, description: 'kbit/s; audio formats need it.' }) bitrate?: number | null,
  ) {
    if (type.trim() === '') throw badUserInput('type must not be empty', 'type');
    if (bitrate !== null && bitrate !== undefined && bitrate < 1) throw badUserInput('bitrate must be at least 1', 'bitrate');
    return ctx.loaders.boknett.download.load({ fulfilmentId: order.fulfilmentId, type: type.trim(), bitrate: bitrate ?? null });
  }

  @FieldResolver(() => ID)
  id(@Root() order: DdsOrderRecord): string {
    return encodeNodeId({ type: 'DdsOrder', orderId: order.orderId });
  }

  @FieldResolver(() => Money, { description: 'Price sold for, including VAT, in NOK: `priceOre` as an exact amount (18900 → "189.00").' })
  price(@Root() order: DdsOrderRecord): MoneyRecord {
    return nokFromOre(order.priceOre);
  }
}
