import { Field, InputType } from 'type-graphql';
import { DdsCheckoutLineInput } from './dds-checkout-line.input';
import { HlCheckoutLineInput } from './hl-checkout-line.input';

@InputType({ description: 'One line of a cart: exactly one of `hl` and `dds` (INVALID_INPUT otherwise).' })
export class CheckoutLineInput {
  @Field(() => HlCheckoutLineInput, { nullable: true })
  hl?: HlCheckoutLineInput | null;

  @Field(() => DdsCheckoutLineInput, { nullable: true })
  dds?: DdsCheckoutLineInput | null;
}
