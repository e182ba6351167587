import { Field, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Relay-style paging information.' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' }) endCursor!: string | null;
}

/** A Relay connection of `TNode`: `XConnection { edges { cursor node } pageInfo }`. */
export function Connection<TNode extends object>(NodeClass: ClassType<TNode>) {
  @ObjectType(`${NodeClass.name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field() cursor!: string;
    @Field(() => NodeClass) node!: TNode;
  }

  // Registered so `XConnection extends Connection(X)` inherits its fields; never emitted on its own.
  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionBase {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }

  return ConnectionBase;
}
