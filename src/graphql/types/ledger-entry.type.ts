import { Field, Int, ObjectType } from 'type-graphql';
import { LedgerOperation } from '../enums/ledger-operation.enum';
import { LedgerState } from '../enums/ledger-state.enum';
import { DateTime, JSON, SafeInt } from '../scalars';

@ObjectType({ simpleResolvers: true, description: 'One vendor mutation as the purchase ledger recorded it.' })
export class LedgerEntry {
  @Field(() => SafeInt) id!: number;
  @Field(() => LedgerOperation) operation!: LedgerOperation;
  @Field({ description: 'The caller’s idempotency key, or the natural key of the purchase.' }) idempotencyKey!: string;
  @Field(() => LedgerState) state!: LedgerState;
  @Field(() => JSON, { description: 'The request as recorded: never credentials or tokens.' }) input!: unknown;
  @Field(() => JSON, { nullable: true, description: 'SUCCEEDED: the vendor’s answer; REJECTED: the userErrors.' }) result!: unknown;
  @Field(() => String, { nullable: true, description: 'Why the entry is in its state, when not obvious.' }) note!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
}
