import { Field, Int, ObjectType } from 'type-graphql';
import { LedgerOperation } from '../enums/ledger-operation.enum';
import { LedgerState } from '../enums/ledger-state.enum';
import { DateTime, JsonScalar } from '../scalars';
import { Node } from './node.interface';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One vendor mutation as the purchase ledger recorded it.' })
export class LedgerEntry {
  // id (global) and entryId (the ledger's number) are resolved by LedgerEntryResolver.
  @Field({ description: 'Who asked: the API key’s name or the JWT’s subject. Keys are unique per caller.' }) caller!: string;
  @Field(() => LedgerOperation) operation!: LedgerOperation;
  @Field({ description: 'The caller’s idempotency key, or the natural key of the purchase.' }) idempotencyKey!: string;
  @Field(() => LedgerState) state!: LedgerState;
  @Field(() => JsonScalar, { description: 'The request as recorded: never credentials or tokens; buyers’ names are erased after the retention period.' }) input!: unknown;
  @Field(() => JsonScalar, { nullable: true, description: 'SUCCEEDED: the vendor’s answer; REJECTED: the userErrors.' }) result!: unknown;
  @Field(() => String, { nullable: true, description: 'Why the entry is in its state, when not obvious.' }) note!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => DateTime, { nullable: true, description: 'UNKNOWN: when the gateway will next ask the vendor.' }) nextCheckAt!: Date | null;
  @Field(() => DateTime, { nullable: true, description: 'When buyers’ names were erased from `input` (LEDGER_PERSONAL_DATA_DAYS).' })
  personalDataErasedAt!: Date | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
}
