import { Field, InputType } from 'type-graphql';
import { Decimal, SafeInt } from '../scalars';
import { PurchasePartInput } from './purchase-part.input';

@InputType({ description: 'A paid purchase to register with HL Connect.' })
export class RegisterPurchaseInput {
  @Field({ description: 'From `validatePurchase`, before it expires.' })
  token!: string;

  @Field(() => SafeInt, { description: 'The shop’s order number; later the `orderId` of the order.' })
  orderNumber!: number;

  @Field(() => SafeInt)
  orderLineId!: number;

  @Field(() => Decimal, { description: 'Total for the quantity, in HL Connect’s currency: at least 0, at most 2 decimals, e.g. "9.50".' })
  lineItemPrice!: string;

  @Field(() => Decimal, { description: 'Price of one copy, in HL Connect’s currency: at least 0, at most 2 decimals.' })
  unitPrice!: string;

  @Field({ description: 'Buyer name; may be printed on the asset.' })
  customer!: string;

  @Field(() => [PurchasePartInput], { nullable: true, description: 'Single parts of a partable asset.' })
  parts?: PurchasePartInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Repeating a request with the same key returns the recorded answer instead of registering twice. Default: the order line (orderNumber and orderLineId).',
  })
  idempotencyKey?: string | null;
}
