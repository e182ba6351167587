import { Field, ObjectType } from 'type-graphql';
import { Checkout } from '../types/checkout.type';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class PrepareCheckoutPayload extends Payload {
  @Field(() => Checkout, { nullable: true, description: 'The stored checkout with each line’s verdict; null when the request itself was refused.' })
  checkout!: Checkout | null;
}
