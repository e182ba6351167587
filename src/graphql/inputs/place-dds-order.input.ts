import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A sale of one e-book or audiobook to one buyer, sent to Boknett DDS.' })
export class PlaceDdsOrderInput {
  @Field({ description: 'The shop’s order id; DDS requires a new one for every purchase. Not empty.' })
  orderId!: string;

  @Field({ description: 'The product id in DDS (from its inventory). Not empty.' })
  resid!: string;

  @Field(() => Int, { description: 'Price sold for, in Norwegian øre including VAT (NOK 189 = 18900). At least 0.' })
  priceOre!: number;

  @Field(() => String, { nullable: true, description: 'DDS id of the end consumer. Not empty when given.' })
  consumerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Buyer’s first name; required for books with social DRM. Given with `lastName`, at least 2 characters.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Buyer’s last name; required for books with social DRM. Given with `firstName`, at least 2 characters.' })
  lastName?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Order an excerpt instead of the book. Not for subscription orders. Null means false.' })
  excerpt?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Place it as a subscription order (`order/subscription`). Null means false.' })
  subscription?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Repeating a request with the same key returns the recorded answer instead of ordering twice. Default: the orderId.',
  })
  idempotencyKey?: string | null;
}
