import type { ApolloServerPlugin } from '@apollo/server';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { GatewayContext } from '../../graphql';
import { currentRequestContext, traceContextFrom, type Telemetry } from '../../observability';
import { OperationNames } from './operation-names';

export interface OperationTelemetryOptions {
  logger: Logger;
  telemetry: Telemetry;
}

type Outcome = 'success' | 'error' | 'rejected';

/**
 * One log line, one `graphql_operations_total` count and duration, and one span per
 * GraphQL operation. The line carries the request id, operation name, outcome, duration
 * and error codes; never variables, documents or answers.
 */
export function operationTelemetryPlugin(options: OperationTelemetryOptions): ApolloServerPlugin<GatewayContext> {
  const { logger, telemetry } = options;
  const names = new OperationNames();

  return {
    async requestDidStart({ request, contextValue }) {
      const startedAt = performance.now();
      let executed = false;
      let operationType: string | undefined;
      const span: Span | undefined = telemetry.tracer?.startSpan(
        'graphql.operation',
        { kind: SpanKind.SERVER, attributes: { 'gateway.request_id': contextValue.requestId } },
        request.http ? traceContextFrom(request.http.headers) : undefined,
      );
      const requestContext = currentRequestContext();
      if (span && requestContext) requestContext.operationSpan = span;

      return {
        async didResolveOperation({ operation, operationName }) {
          operationType = operation?.operation;
          span?.updateName(`${operationType ?? 'operation'} ${operationName ?? 'anonymous'}`);
          span?.setAttributes({ ...(operationType ? { 'graphql.operation.type': operationType } : {}), ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ operationName, errors, response }) {
          const outcome: Outcome = !errors?.length ? 'success' : executed ? 'error' : 'rejected';
          const operation = names.label(operationName ?? request.operationName);
          const seconds = (performance.now() - startedAt) / 1000;
          telemetry.metrics.countOperation(operation, outcome, seconds);

          const formatted = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const codes = [...new Set((formatted ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
          if (span) {
            span.setAttribute('gateway.outcome', outcome);
            if (outcome !== 'success') span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
            span.end();
          }
          logger.info(
            {
              requestId: contextValue.requestId,
              ...(contextValue.caller ? { caller: contextValue.caller.name } : {}),
              operation,
              ...(operationType ? { operationType } : {}),
              outcome,
              durationMs: Math.round(seconds * 1000),
              ...(codes.length ? { errorCodes: codes } : {}),
              ...(span ? { traceId: span.spanContext().traceId } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
