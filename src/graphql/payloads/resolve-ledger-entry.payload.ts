import { Field, ObjectType } from 'type-graphql';
import { LedgerEntry } from '../types/ledger-entry.type';
import { Payload } from './payload';

@ObjectType({ simpleResolvers: true })
export class ResolveLedgerEntryPayload extends Payload {
  @Field(() => LedgerEntry, { nullable: true, description: 'The entry as resolved; null when refused.' })
  ledgerEntry!: LedgerEntry | null;
}
