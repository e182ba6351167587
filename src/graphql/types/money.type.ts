import { Field, ObjectType } from 'type-graphql';
import { Decimal } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'An exact amount of money.' })
export class Money {
  @Field(() => Decimal, { description: 'Exact decimal text, e.g. "9.50"; never rounded by the gateway.' })
  amount!: string;

  @Field({ description: 'ISO 4217 code, e.g. NOK. HL Connect’s is configuration (HLCONNECT_CURRENCY), as the vendor does not state it.' })
  currency!: string;
}
