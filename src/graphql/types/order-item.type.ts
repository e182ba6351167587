import { Field, Int, ObjectType } from 'type-graphql';
import { OrderItemStatus } from '../enums/order-item-status.enum';
import { SafeInt } from '../scalars';
import { Money } from './money.type';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One line of an HL Connect order.' })
export class OrderItem {
  @Field(() => SafeInt)
  orderId!: number;

  @Field(() => SafeInt, { nullable: true })
  orderLineId!: number | null;

  @Field(() => SafeInt, { nullable: true })
  assetId!: number | null;

  @Field(() => String, { nullable: true, description: 'Buyer name as registered; may be printed on the asset.' })
  customer!: string | null;

  @Field(() => Money, { nullable: true, description: 'Price of one copy.' })
  unitPrice!: Money | null;

  @Field(() => Money, { nullable: true, description: 'Total for the quantity.' })
  lineItemPrice!: Money | null;

  @Field(() => Int, { nullable: true, description: 'Whole copies.' })
  quantity!: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country of the buyer.' })
  countryCode!: string | null;

  @Field(() => OrderItemStatus)
  status!: OrderItemStatus;

  @Field(() => String, { nullable: true, description: 'The vendor’s own status word.' })
  vendorStatus!: string | null;

  // downloadUrl and viewUrl are resolved by OrderItemResolver.
  downloadUrl!: string | null;
  viewUrl!: string | null;
}
