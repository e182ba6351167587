import { Field, Int, ObjectType } from 'type-graphql';
import { CheckoutLineOutcome } from '../enums/checkout-line-outcome.enum';
import { Vendor } from '../enums/vendor.enum';
import { DateTime, SafeInt } from '../scalars';
import { Money } from './money.type';
import { UserError } from './user-error.type';

@ObjectType({ simpleResolvers: true, description: 'One line of a checkout: what was asked, the verdict before payment, and the outcome after it.' })
export class CheckoutLine {
  @Field(() => Int, { description: 'The line’s position in the cart, from 1.' })
  lineNumber!: number;

  @Field(() => Vendor)
  vendor!: Vendor;

  @Field({ description: 'Accepted before payment: charge it. False: refused (`userErrors`), never sent.' })
  accepted!: boolean;

  @Field(() => CheckoutLineOutcome)
  outcome!: CheckoutLineOutcome;

  @Field(() => [UserError], { description: 'Why the line was refused, or what its outcome asks of the caller; empty when nothing.' })
  userErrors!: UserError[];

  @Field(() => Money, { description: 'What the line costs: HL’s `lineItemPrice`, or DDS’s `priceOre` in NOK.' })
  price!: Money;

  @Field(() => SafeInt, { nullable: true, description: 'HL lines.' })
  assetId!: number | null;

  @Field(() => Int, { nullable: true, description: 'HL lines.' })
  quantity!: number | null;

  @Field(() => Money, { nullable: true, description: 'HL lines: the price of one copy.' })
  unitPrice!: Money | null;

  @Field(() => DateTime, { nullable: true, description: 'Accepted HL lines: when the vendor’s validation expires; `completeCheckout` must come before.' })
  validationExpiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'DDS lines: the product id.' })
  resid!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'DDS lines.' })
  excerpt!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'DDS lines.' })
  subscription!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'DDS lines: the book has social DRM.' })
  socialDrm!: boolean | null;

  // orderItem and ddsOrder are resolved by CheckoutLineResolver.
}
