import { Field, InputType } from 'type-graphql';
import { CheckoutBuyerInput } from './checkout-buyer.input';
import { CheckoutLineInput } from './checkout-line.input';

@InputType({ description: 'A cart to validate before payment.' })
export class PrepareCheckoutInput {
  @Field({ description: 'The shop’s key for this cart: a repeat with the same key and input answers the same checkout (and re-validates expired lines). 1 to 200 characters.' })
  idempotencyKey!: string;

  @Field(() => CheckoutBuyerInput)
  buyer!: CheckoutBuyerInput;

  @Field(() => [CheckoutLineInput], { description: '1 to MAX_CHECKOUT_LINES lines (default 50).' })
  lines!: CheckoutLineInput[];
}
