import { Field, InputType, Int } from 'type-graphql';
import { SafeInt } from '../scalars';

@InputType({ description: 'What the buyer wants, checked by HL Connect before payment.' })
export class ValidatePurchaseInput {
  @Field(() => SafeInt)
  assetId!: number;

  @Field(() => Int, { defaultValue: 1, description: 'At least 1; choral formats have a higher minimum.' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'The buyer’s IP, for regional restrictions. Defaults to the caller’s address.' })
  customerIp?: string | null;
}
