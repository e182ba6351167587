import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../types/user-error.type';

/** Every mutation payload: its data (null when refused) plus the refusals. Never emitted on its own. */
@ObjectType({ simpleResolvers: true })
export abstract class Payload {
  @Field(() => [UserError], { description: 'Empty on success.' })
  userErrors!: UserError[];
}
