import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ROOT_CONTEXT, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** The OTLP/HTTP collector's base URL; spans go to `{endpoint}/v1/traces`. */
  endpoint: string;
  /** `service.name` of every span. */
  serviceName: string;
}

export interface Tracing {
  tracer: Tracer;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * A tracer provider of this gateway's own, exporting over OTLP/HTTP. Nothing is
 * registered globally: spans are parented explicitly from the request context, so
 * several gateways in one process keep their traces apart.
 */
export function createTracing(options: TracingOptions): Tracing {
  const exporter = new OTLPTraceExporter({
    url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`,
    // Agents made here rather than by the exporter's default, which loads node:http by a
    // dynamic import() that CommonJS sandboxes such as jest's cannot run.
    httpAgentOptions: (protocol) => (protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true })),
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer(options.serviceName), shutdown: () => provider.shutdown() };
}

const propagator = new W3CTraceContextPropagator();

/** The `traceparent` (and `tracestate`) naming `span` as the parent of whatever receives them. */
export function traceContextHeaders(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, {
    set: (headers, key, value) => {
      headers[key] = value;
    },
  });
  return carrier;
}

/** The caller's trace context from its `traceparent`/`tracestate` headers, else the root. */
export function traceContextFrom(headers: { get(name: string): string | undefined | null }): Context {
  return propagator.extract(ROOT_CONTEXT, headers, {
    get: (carrier, key) => carrier.get(key) ?? undefined,
    keys: () => ['traceparent', 'tracestate'],
  });
}

/** The context whose parent is `span` (or the root when there is none). */
export function contextWith(span: Span | undefined): Context {
  return span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT;
}
