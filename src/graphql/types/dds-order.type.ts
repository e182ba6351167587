import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../scalars';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An e-book or audiobook sold to one buyer through Boknett DDS.' })
export class DdsOrder {
  @Field({ description: 'The shop’s order id; DDS’s transaction id, unique per purchase.' })
  orderId!: string;

  @Field({ description: 'The product id in DDS.' })
  resid!: string;

  @Field(() => Int, { description: 'Price sold for, in Norwegian øre including VAT (NOK 189 = 18900).' })
  priceOre!: number;

  @Field({ description: 'An excerpt was ordered instead of the book.' })
  excerpt!: boolean;

  @Field({ description: 'Placed as a subscription order.' })
  subscription!: boolean;

  @Field(() => String, { nullable: true, description: 'DDS id of the end consumer, when given.' })
  consumerId!: string | null;

  @Field(() => ID, { description: 'DDS’s id of the bought resource; never changes; downloads use it.' })
  fulfilmentId!: string;

  @Field({ description: 'Where DDS says the bought resource lives.' })
  contentUrl!: string;

  @Field(() => DateTime, { description: 'When the gateway received DDS’s confirmation.' })
  placedAt!: Date;

  // download is resolved by DdsOrderResolver.
}
