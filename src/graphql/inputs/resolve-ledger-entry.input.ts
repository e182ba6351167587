import { Field, InputType } from 'type-graphql';
import { LedgerResolution } from '../enums/ledger-resolution.enum';
import { SafeInt } from '../scalars';

@InputType()
export class ResolveLedgerEntryInput {
  @Field(() => SafeInt, { description: 'The entry’s id, as `purchaseLedger` shows it.' })
  entryId!: number;

  @Field(() => LedgerResolution)
  outcome!: LedgerResolution;

  @Field(() => String, { nullable: true, description: 'A DDS order confirmed as placed: the fulfilment id DDS gave for it.' })
  fulfilmentId?: string | null;

  @Field({ description: 'How the outcome was confirmed (kept in the audit trail).' })
  note!: string;
}
