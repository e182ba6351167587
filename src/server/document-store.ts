import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/**
 * Parsed and validated documents Apollo reuses by query hash, measured as Apollo does (the
 * document's JSON size). Its default keeps 30 MiB of JSON, several times that in heap.
 */
export const DOCUMENT_STORE_BYTES = 2 * 1024 * 1024;

export function createDocumentStore(maxBytes: number = DOCUMENT_STORE_BYTES): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({ maxSize: maxBytes });
}
