import { Field, ObjectType } from 'type-graphql';
import { ValidationToken } from '../types/validation-token.type';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class ValidatePurchasePayload extends Payload {
  @Field(() => ValidationToken, { nullable: true })
  validationToken!: ValidationToken | null;
}
