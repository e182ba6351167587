import { performance } from 'node:perf_hooks';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

interface Open {
  requestId: string;
  caller: string;
  operation: string;
  startedAt: number;
  events: number;
  errorCodes: Set<string>;
}

type Ending = 'complete' | 'error' | 'closed';

/**
 * One log line per subscription when it ends (and one per refusal), like HTTP's
 * `graphql operation` line: request id, caller, operation name, outcome, events sent,
 * duration and error codes; never variables, documents or answers.
 */
export class SubscriptionLog<Connection> {
  private readonly open = new Map<Connection, Map<string, Open>>();

  constructor(private readonly logger: Logger) {}

  started(connection: Connection, id: string, entry: { requestId: string; caller: string; operation: string }): void {
    const byId = this.open.get(connection) ?? new Map<string, Open>();
    byId.set(id, { ...entry, startedAt: performance.now(), events: 0, errorCodes: new Set() });
    this.open.set(connection, byId);
  }

  sent(connection: Connection, id: string, errors: readonly GraphQLFormattedError[] | undefined): void {
    const entry = this.open.get(connection)?.get(id);
    if (!entry) return;
    entry.events += 1;
    for (const code of codes(errors)) entry.errorCodes.add(code);
  }

  refused(caller: string | undefined, operation: string | undefined, errors: readonly GraphQLFormattedError[]): void {
    this.logger.info(
      { ...(caller ? { caller } : {}), operation: operation ?? 'anonymous', operationType: 'subscription', outcome: 'rejected', errorCodes: codes(errors) },
      'graphql subscription',
    );
  }

  /** Logs the end of subscription `id`; false when it was not open (refused before it started, or logged already). */
  ended(connection: Connection, id: string, how: Ending, errors?: readonly GraphQLFormattedError[]): boolean {
    const byId = this.open.get(connection);
    const entry = byId?.get(id);
    if (!byId || !entry) return false;
    byId.delete(id);
    if (byId.size === 0) this.open.delete(connection);
    for (const code of codes(errors)) entry.errorCodes.add(code);
    this.logger.info(
      {
        requestId: entry.requestId,
        caller: entry.caller,
        operation: entry.operation,
        operationType: 'subscription',
        outcome: how,
        events: entry.events,
        durationMs: Math.round(performance.now() - entry.startedAt),
        ...(entry.errorCodes.size ? { errorCodes: [...entry.errorCodes] } : {}),
      },
      'graphql subscription',
    );
    return true;
  }

  /** The connection has closed: its subscriptions still open end with it. */
  closed(connection: Connection): void {
    for (const id of [...(this.open.get(connection)?.keys() ?? [])]) this.ended(connection, id, 'closed');
  }
}

function codes(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return [...new Set((errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
}
