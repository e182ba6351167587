import { badUserInput } from './errors/bad-user-input';
import type { PageInfo } from './types/connection.type';

/**
 * Paging of every connection (`assets`, `purchaseLedger`): the page size bounds, the
 * cursor codec and the page info. The query cost model counts pages up to the same cap.
 */

/** The most items one page (`first`) may ask for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZE_DESCRIPTION = `1 to ${MAX_PAGE_SIZE}.`;

/** Refuses a page size outside 1..MAX_PAGE_SIZE as BAD_USER_INPUT. */
export function checkPageSize(first: number): void {
  if (first < 1 || first > MAX_PAGE_SIZE) throw badUserInput(`first must be from 1 to ${MAX_PAGE_SIZE}`, 'first');
}

/** What a connection's cursors point at: a cursor of one connection is refused by another. */
export type CursorKind = 'asset' | 'ledger';

/** An opaque cursor over a connection's numeric key (base64url of `kind:id`). */
export function encodeCursor(kind: CursorKind, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

/** The key in an `after` cursor; undefined without one; BAD_USER_INPUT when it is not a cursor of this connection. */
export function afterKey(kind: CursorKind, after: string | null | undefined): number | undefined {
  if (!after) return undefined;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const id = text.startsWith(`${kind}:`) ? Number(text.slice(kind.length + 1)) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 0) throw badUserInput('after is not a cursor from this connection', 'after');
  return id;
}

/** Relay page info of a page of edges; `endCursor` defaults to the last edge's. */
export function pageInfoOf(edges: readonly { cursor: string }[], page: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor?: string | null }): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: page.endCursor === undefined ? (edges.at(-1)?.cursor ?? null) : page.endCursor,
  };
}
