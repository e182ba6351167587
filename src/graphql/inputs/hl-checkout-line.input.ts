import { Field, InputType, Int } from 'type-graphql';
import { Decimal, SafeInt } from '../scalars';

@InputType({ description: 'A sheet-music line, bought from HL Connect.' })
export class HlCheckoutLineInput {
  @Field(() => SafeInt)
  assetId!: number;

  @Field(() => Int, { description: 'Copies; at least the asset’s minimum quantity (choral formats).' })
  quantity!: number;

  @Field(() => Decimal, { description: 'Price of one copy, in HL Connect’s currency: at least 0, at most 2 decimals.' })
  unitPrice!: string;

  @Field(() => Decimal, { description: 'Total for the quantity, in HL Connect’s currency: at least 0, at most 2 decimals.' })
  lineItemPrice!: string;

  @Field(() => String, { nullable: true, description: 'The name printed on the music. Default: the buyer’s first and last name.' })
  customer?: string | null;
}
