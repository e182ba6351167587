import { Field, ObjectType } from 'type-graphql';
import { DdsOrder } from '../types/dds-order.type';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class PlaceDdsOrderPayload extends Payload {
  @Field(() => DdsOrder, { nullable: true, description: 'The placed order; null when refused.' })
  ddsOrder!: DdsOrder | null;
}
