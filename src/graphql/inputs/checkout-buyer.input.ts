import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Who buys the cart.' })
export class CheckoutBuyerInput {
  @Field(() => String, {
    nullable: true,
    description: 'Given with `lastName`, at least 2 characters. Required for DDS books with social DRM, and for HL lines without their own `customer` (the name printed on the music).',
  })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Given with `firstName`, at least 2 characters.' })
  lastName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The buyer’s IP address, for HL Connect’s regional rules. Default: the caller’s address. Only callers with `purchases:write` may give it.',
  })
  ip?: string | null;
}
