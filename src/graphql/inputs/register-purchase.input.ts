import { Field, Float, InputType } from 'type-graphql';
import { SafeInt } from '../scalars';
import { PurchasePartInput } from './purchase-part.input';

@InputType({ description: 'A paid purchase to register with HL Connect.' })
export class RegisterPurchaseInput {
  @Field({ description: 'From `validatePurchase`, before it expires.' })
  token!: string;

  @Field(() => SafeInt, { description: 'The shop’s order number; later the `orderId` of the order.' })
  orderNumber!: number;

  @Field(() => SafeInt)
  orderLineId!: number;

  @Field(() => Float, { description: 'Total for the quantity, at least 0.' })
  lineItemPrice!: number;

  @Field(() => Float, { description: 'At least 0.' })
  unitPrice!: number;

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
