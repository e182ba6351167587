import { Field, Int, ObjectType } from 'type-graphql';
import { UserErrorCode } from '../enums/user-error-code.enum';

@ObjectType({ simpleResolvers: true, description: 'A business refusal: the request was understood and declined.' })
export class UserError {
  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field({ description: 'Human-readable; the vendor’s own words where it gave any.' })
  message!: string;

  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "quantity"].' })
  field!: string[] | null;

  @Field(() => Int, { nullable: true, description: 'When asking again may help (OUTCOME_UNKNOWN, IN_PROGRESS): in how many seconds.' })
  retryAfterSeconds?: number;
}
