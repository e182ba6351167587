import { Field, ObjectType } from 'type-graphql';
import type { OrderLineRef } from '../../domain';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class CancelOrderLinePayload extends Payload {
  @Field({ description: 'True when the vendor accepted the cancellation.' })
  cancelled!: boolean;

  /** The cancelled line; `order` is read from the vendor only when selected. */
  line!: OrderLineRef | null;
}
