import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { LedgerEntry as LedgerEntryRecord } from '../../ledger';
import { encodeNodeId } from '../ids/node-id';
import { SafeInt } from '../scalars';
import { LedgerEntry } from '../types/ledger-entry.type';

/** The ledger's row number is `entryId`; `id` is the entry's global id. */
@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @FieldResolver(() => ID)
  id(@Root() entry: LedgerEntryRecord): string {
    return encodeNodeId({ type: 'LedgerEntry', entryId: entry.id });
  }

  @FieldResolver(() => SafeInt, { description: 'The ledger’s own number for the entry, as `resolveLedgerEntry` takes it.' })
  entryId(@Root() entry: LedgerEntryRecord): number {
    return entry.id;
  }
}
