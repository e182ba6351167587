import { ObjectType } from 'type-graphql';
import type { OrderLineRef } from '../../domain';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class RegisterPurchasePayload extends Payload {
  /** The registered line; `order` is read from the vendor only when selected. */
  line!: OrderLineRef | null;
}
