import { ObjectType } from 'type-graphql';
import { Connection } from './connection.type';
import { LedgerEntry } from './ledger-entry.type';

@ObjectType({ simpleResolvers: true, description: 'A page of the purchase ledger, newest first.' })
export class LedgerEntryConnection extends Connection(LedgerEntry) {}
