import { Field, ObjectType } from 'type-graphql';
import { CheckoutState } from '../enums/checkout-state.enum';
import { DateTime, SafeInt } from '../scalars';
import { CheckoutLine } from './checkout-line.type';
import { Money } from './money.type';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A cart bought in two phases: validated before payment, bought after it, every line exactly once.' })
export class Checkout {
  // id (global) comes from Node: the root carries it.

  @Field({ description: 'The shop’s key for the cart.' })
  idempotencyKey!: string;

  @Field(() => CheckoutState)
  state!: CheckoutState;

  @Field(() => [CheckoutLine], { description: 'In the cart’s order.' })
  lines!: CheckoutLine[];

  @Field(() => [Money], { description: 'What to charge: the accepted lines’ prices, one exact total per currency.' })
  totals!: Money[];

  @Field(() => DateTime, {
    nullable: true,
    description: 'The earliest expiry of the validations of the HL lines still to be sent: complete before it. Null when no HL line is left to send.',
  })
  validUntil!: Date | null;

  @Field(() => String, { nullable: true, description: 'Set by `completeCheckout`.' })
  paymentReference!: string | null;

  @Field(() => SafeInt, { nullable: true, description: 'Set by `completeCheckout`.' })
  orderNumber!: number | null;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;
}
