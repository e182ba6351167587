import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../ids/node-id';

/**
 * Which object type a node's record is. Roots are plain domain records (never class
 * instances), so the type is told by a field only that record has.
 */
export function nodeTypeOf(record: object): NodeType | undefined {
  if ('totals' in record) return 'Checkout';
  if ('items' in record) return 'Order';
  if ('orderLineId' in record) return 'OrderItem';
  if ('fulfilmentId' in record) return 'DdsOrder';
  if ('idempotencyKey' in record) return 'LedgerEntry';
  if ('formatShortName' in record) return 'Asset';
  return undefined;
}

@InterfaceType({
  description: 'An object with a global id: `node(id)` reads it again, and clients such as Apollo Client cache it under that id.',
  // Replaced by a synchronous one in schema.ts (graphql-jit), kept here for graphql-js.
  resolveType: (record: object) => nodeTypeOf(record),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque and stable; unique across all types. Not to be parsed.' })
  id!: string;
}
