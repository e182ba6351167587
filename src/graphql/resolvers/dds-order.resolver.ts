import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { placeDdsOrder } from '../../purchases';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors/bad-user-input';
import { PlaceDdsOrderInput } from '../inputs/place-dds-order.input';
import { PlaceDdsOrderPayload } from '../payloads/place-dds-order.payload';
import { DdsDownload } from '../types/dds-download.type';
import { DdsOrder } from '../types/dds-order.type';

/** Boknett DDS: place an order, then download its content. */
@Resolver(() => DdsOrder)
export class DdsOrderResolver {
  @Mutation(() => PlaceDdsOrderPayload, {
    description:
      'Sells one e-book or audiobook to one buyer through Boknett DDS. Sent once: after UPSTREAM_TIMEOUT or UPSTREAM_UNAVAILABLE the order may still have been placed, and sending the same `orderId` again then answers ORDER_ID_IN_USE.',
  })
  async placeDdsOrder(@Arg('input') input: PlaceDdsOrderInput, @Ctx() ctx: GatewayContext): Promise<PlaceDdsOrderPayload> {
    const result = await placeDdsOrder(ctx.services, input);
    return result.ok ? { ddsOrder: result.value, userErrors: [] } : { ddsOrder: null, userErrors: result.userErrors };
  }

  @FieldResolver(() => DdsDownload, {
    description:
      'Prepares the content in one format and waits for it, for at most the gateway’s configured polling time. Asked twice with the same arguments in one request, it is prepared once.',
  })
  download(
    @Root() order: DdsOrder,
    @Arg('type', { description: 'The wanted format, e.g. `application/epub+zip` or `audio/vnd.bokbasen.complete-public`.' }) type: string,
    @Ctx() ctx: GatewayContext,
    @Arg('bitrate', () => Int, { nullable: true, description: 'kbit/s; audio formats need it.' }) bitrate?: number | null,
  ) {
    if (type.trim() === '') throw badUserInput('type must not be empty', 'type');
    if (bitrate !== null && bitrate !== undefined && bitrate < 1) throw badUserInput('bitrate must be at least 1', 'bitrate');
    return ctx.loaders.boknett.download.load({ fulfilmentId: order.fulfilmentId, type: type.trim(), bitrate: bitrate ?? null });
  }
}
