import { Field, ID, InputType } from 'type-graphql';
import { SafeInt } from '../scalars';

@InputType({ description: 'The payment the shop took for a prepared checkout.' })
export class CompleteCheckoutInput {
  @Field(() => ID, { description: 'The checkout’s `id`.' })
  checkoutId!: string;

  @Field({ description: 'The shop’s reference of the payment. Not empty.' })
  paymentReference!: string;

  @Field(() => SafeInt, {
    description: 'The shop’s order number: the HL Connect order number (cart line n is order line n), and the DDS order ids `{orderNumber}-{n}`.',
  })
  orderNumber!: number;
}
