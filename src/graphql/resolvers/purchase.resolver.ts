import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Scope } from '../../domain';
import { cancelOrderLine, registerPurchase, validatePurchase } from '../../purchases';
import { buyerIp } from '../auth/buyer-ip';
import type { GatewayContext } from '../context';
import { CancelOrderLineInput } from '../inputs/cancel-order-line.input';
import { RegisterPurchaseInput } from '../inputs/register-purchase.input';
import { ValidatePurchaseInput } from '../inputs/validate-purchase.input';
import { CancelOrderLinePayload } from '../payloads/cancel-order-line.payload';
import { RegisterPurchasePayload } from '../payloads/register-purchase.payload';
import { ValidatePurchasePayload } from '../payloads/validate-purchase.payload';

/** HL Connect's purchase flow: validate before payment, register after, cancel a line. */
@Resolver()
export class PurchaseResolver {
  @Authorized<Scope>('purchases:write')
  @Mutation(() => ValidatePurchasePayload, { description: 'Checks availability, region and minimum quantity before payment.' })
  async validatePurchase(@Arg('input') input: ValidatePurchaseInput, @Ctx() ctx: GatewayContext): Promise<ValidatePurchasePayload> {
    const result = await validatePurchase(ctx.services, {
      assetId: input.assetId,
      quantity: input.quantity,
      customerIp: buyerIp(input.customerIp, ctx),
    });
    return result.ok ? { validationToken: result.value, userErrors: [] } : { validationToken: null, userErrors: result.userErrors };
  }

  @Authorized<Scope>('purchases:write')
  @Mutation(() => RegisterPurchasePayload, { description: 'Registers a paid purchase; fulfilment continues asynchronously (follow it with `order`).' })
  async registerPurchase(@Arg('input') input: RegisterPurchaseInput, @Ctx() ctx: GatewayContext): Promise<RegisterPurchasePayload> {
    const result = await registerPurchase(ctx.services, input, ctx.caller.name);
    if (!result.ok) return { line: null, userErrors: result.userErrors };
    ctx.loaders.hlconnect.orderInfo.clear(result.value.orderId);
    return { line: result.value, userErrors: [] };
  }

  @Authorized<Scope>('purchases:write')
  @Mutation(() => CancelOrderLinePayload, { description: 'Cancels one order line this caller registered, while its status allows it (NOT_FOUND for a line it did not register).' })
  async cancelOrderLine(@Arg('input') input: CancelOrderLineInput, @Ctx() ctx: GatewayContext): Promise<CancelOrderLinePayload> {
    const result = await cancelOrderLine(ctx.services, input, ctx.caller.name);
    if (!result.ok) return { cancelled: false, line: null, userErrors: result.userErrors };
    ctx.loaders.hlconnect.orderInfo.clear(result.value.orderId);
    return { cancelled: true, line: result.value, userErrors: [] };
  }
}
