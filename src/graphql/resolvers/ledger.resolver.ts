import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { hasScope, type Scope } from '../../domain';
import { resolveLedgerEntry } from '../../purchases';
import type { GatewayContext } from '../context';
import { LedgerState } from '../enums/ledger-state.enum';
import { ResolveLedgerEntryInput } from '../inputs/resolve-ledger-entry.input';
import { afterKey, checkPageSize, DEFAULT_PAGE_SIZE, encodeCursor, PAGE_SIZE_DESCRIPTION, pageInfoOf } from '../paging';
import { ResolveLedgerEntryPayload } from '../payloads/resolve-ledger-entry.payload';
import { LedgerEntryConnection } from '../types/ledger-entry-connection.type';

@Resolver()
export class LedgerResolver {
  @Authorized<Scope>()
  @Query(() => LedgerEntryConnection, {
    description: 'The purchase ledger, newest first, optionally one state only: the caller’s own entries, or everyone’s with the `ledger:read` scope.',
  })
  async purchaseLedger(
    @Ctx() ctx: GatewayContext,
    @Arg('state', () => LedgerState, { nullable: true }) state?: LedgerState | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: PAGE_SIZE_DESCRIPTION }) first = DEFAULT_PAGE_SIZE,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<LedgerEntryConnection> {
    checkPageSize(first);
    const afterId = afterKey('ledger', after);
    const caller = hasScope(ctx.caller, 'ledger:read') ? undefined : ctx.caller.name;
    const page = await ctx.services.ledger.list({ state: state ?? undefined, first, after: afterId, caller });
    const edges = page.entries.map((entry) => ({ cursor: encodeCursor('ledger', entry.id), node: entry }));
    return { edges, pageInfo: pageInfoOf(edges, { hasNextPage: page.hasNextPage, hasPreviousPage: afterId !== undefined }) };
  }

  @Authorized<Scope>('ledger:write')
  @Mutation(() => ResolveLedgerEntryPayload, {
    description:
      'For operators: settles an UNKNOWN or NEEDS_ATTENTION entry with what the vendor confirmed. Audited (who, when, note, previous state). NOT_APPLIED lets the same key be sent again.',
  })
  async resolveLedgerEntry(@Arg('input') input: ResolveLedgerEntryInput, @Ctx() ctx: GatewayContext): Promise<ResolveLedgerEntryPayload> {
    const result = await resolveLedgerEntry({ ...ctx.services, lost: ctx.services.exactlyOnce }, { ...input, actor: ctx.caller.name });
    return result.ok ? { ledgerEntry: result.value, userErrors: [] } : { ledgerEntry: null, userErrors: result.userErrors };
  }
}
