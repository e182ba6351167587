import { Field, InputType } from 'type-graphql';
import { SafeInt } from '../scalars';

@InputType({ description: 'A single part of a partable ensemble asset.' })
export class PurchasePartInput {
  @Field(() => SafeInt)
  assetId!: number;

  @Field(() => SafeInt)
  orderLineId!: number;
}
