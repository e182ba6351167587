import { Field, InputType } from 'type-graphql';
import { SafeInt } from '../scalars';

@InputType()
export class CancelOrderLineInput {
  @Field(() => SafeInt)
  orderId!: number;

  @Field(() => SafeInt)
  orderLineId!: number;
}
