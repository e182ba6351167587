import { Field, InputType } from 'type-graphql';
import { SafeInt } from '../scalars';

@InputType()
export class CancelOrderLineInput {
  @Field(() => SafeInt)
  orderId!: number;

  @Field(() => SafeInt)
  orderLineId!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Repeating a request with the same key returns the recorded answer instead of cancelling twice. Default: the order line.',
  })
  idempotencyKey?: string | null;
}
