import { Field, ObjectType } from 'type-graphql';
import { Checkout } from '../types/checkout.type';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class CompleteCheckoutPayload extends Payload {
  @Field(() => Checkout, { nullable: true, description: 'The checkout with each line’s outcome; null when the request was refused (unknown checkout, another payment).' })
  checkout!: Checkout | null;
}
