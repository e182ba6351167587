import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';
import type { RequestBudget } from './request-budget';
import type { Telemetry } from './telemetry';
import type { UpstreamBatch } from './upstream-batch';

/**
 * What belongs to one HTTP request, readable anywhere below it (vendor calls, DataLoader
 * batches) without threading it through every signature.
 */
export interface RequestContext {
  readonly requestId: string;
  /** The gateway serving the request: several gateways may share one process (tests). */
  readonly telemetry?: Telemetry;
  /** The GraphQL operation's span once it has started, the parent of upstream spans. */
  operationSpan?: Span;
  /** Vendor calls and time the GraphQL request may still spend; none outside GraphQL (readiness, reconciliation). */
  budget?: RequestBudget;
  /** Set only while a DataLoader batch starts its vendor calls: they are traced together. */
  upstreamBatch?: UpstreamBatch;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts) inside `context`. */
export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the HTTP request being served, if any (none for start-up or reconciliation work). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
