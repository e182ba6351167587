import { Field, ObjectType } from 'type-graphql';
import { OrderStatus } from '../enums/order-status.enum';
import { SafeInt } from '../scalars';
import { OrderItem } from './order-item.type';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An HL Connect purchase order, as the vendor reports it now.' })
export class Order {
  @Field(() => SafeInt, { description: 'The order number the shop registered.' })
  orderId!: number;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: 'Why fulfilment failed, when status is FAILED.' })
  failureMessage!: string | null;

  @Field(() => [OrderItem], { description: 'Empty while PROCESSING or FAILED.' })
  items!: OrderItem[];
}
