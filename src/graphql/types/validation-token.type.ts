import { Field, ObjectType } from 'type-graphql';
import { DateTime } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'Proof that a purchase may go ahead; `registerPurchase` needs it before it expires.' })
export class ValidationToken {
  @Field()
  token!: string;

  @Field(() => DateTime)
  expiresAt!: Date;
}
