import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'An e-book or audiobook line, bought from Boknett DDS.' })
export class DdsCheckoutLineInput {
  @Field({ description: 'The product id in DDS (from its inventory). Not empty.' })
  resid!: string;

  @Field(() => Int, { description: 'Price sold for, in Norwegian øre including VAT (NOK 189 = 18900). At least 0.' })
  priceOre!: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Order an excerpt instead of the book. Not for subscription orders.' })
  excerpt?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Place it as a subscription order.' })
  subscription?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'The book has social DRM (DDS’s inventory says so): the line is refused before payment unless the buyer’s names are given.',
  })
  socialDrm?: boolean | null;
}
