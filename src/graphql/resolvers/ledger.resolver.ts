import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { hasScope, type Scope } from '../../domain';
import { resolveLedgerEntry } from '../../purchases';
import type { GatewayContext } from '../context';
import { LedgerState } from '../enums/ledger-state.enum';
import { badUserInput } from '../errors/bad-user-input';
import { ResolveLedgerEntryInput } from '../inputs/resolve-ledger-entry.input';
import { ResolveLedgerEntryPayload } from '../payloads/resolve-ledger-entry.payload';
import { LedgerEntryConnection } from '../types/ledger-entry-connection.type';

const MAX_PAGE = 100;
const encode = (id: number) => Buffer.from(`ledger:${id}`).toString('base64url');
const decode = (cursor: string): number | null => {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('ledger:') ? Number(text.slice(7)) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

@Resolver()
export class LedgerResolver {
  @Authorized<Scope>()
  @Query(() => LedgerEntryConnection, {
    description: 'The purchase ledger, newest first, optionally one state only: the caller’s own entries, or everyone’s with the `ledger:read` scope.',
  })
  async purchaseLedger(
    @Ctx() ctx: GatewayContext,
    @Arg('state', () => LedgerState, { nullable: true }) state?: LedgerState | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_PAGE}.` }) first = 20,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<LedgerEntryConnection> {
    if (first < 1 || first > MAX_PAGE) throw badUserInput(`first must be from 1 to ${MAX_PAGE}`, 'first');
    const afterId = after ? decode(after) : undefined;
    if (afterId === null) throw badUserInput('after is not a cursor from this connection', 'after');
    const caller = hasScope(ctx.caller, 'ledger:read') ? undefined : ctx.caller.name;
    const page = await ctx.services.ledger.list({ state: state ?? undefined, first, after: afterId, caller });
    const edges = page.entries.map((entry) => ({ cursor: encode(entry.id), node: entry }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: afterId !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Authorized<Scope>('ledger:write')
  @Mutation(() => ResolveLedgerEntryPayload, {
    description:
      'For operators: settles an UNKNOWN or NEEDS_ATTENTION entry with what the vendor confirmed. Audited (who, when, note, previous state). NOT_APPLIED lets the same key be sent again.',
  })
  async resolveLedgerEntry(@Arg('input') input: ResolveLedgerEntryInput, @Ctx() ctx: GatewayContext): Promise<ResolveLedgerEntryPayload> {
    const result = await resolveLedgerEntry(ctx.services, { ...input, actor: ctx.caller.name });
    return result.ok ? { ledgerEntry: result.value, userErrors: [] } : { ledgerEntry: null, userErrors: result.userErrors };
  }
}
