import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { badUserInput } from '../errors/bad-user-input';
import { loadNode } from '../ids/load-node';
import { Node } from '../types/node.interface';

/** Global object identification: any object with an `id`, read again by that id. */
@Resolver()
export class NodeResolver {
  // Each type's own scope is checked per id (the field itself only needs a known caller).
  @Authorized<Scope>()
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global `id`, with the scope its own root field needs (FORBIDDEN otherwise); null for an unknown id or one this caller may not see.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    return loadNode(ctx, id);
  }

  @Authorized<Scope>()
  @Query(() => [Node], {
    nullable: 'items',
    description: 'Several objects by global id, in the order asked, as `node` answers each. At most MAX_ORDER_IDS ids.',
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GatewayContext) {
    const max = ctx.services.limits.maxOrderIds;
    if (ids.length > max) throw badUserInput(`ids takes at most ${max} ids`, 'ids');
    // One promise per id: a refusal or failure for one id nulls that entry only, with its own error (settled-list-items.ts).
    return ids.map((id) => loadNode(ctx, id));
  }
}
