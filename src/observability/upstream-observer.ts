import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { Vendor } from '../domain';
import { currentRequestContext } from './request-context';
import type { Telemetry } from './telemetry';
import { contextWith, traceContextHeaders } from './tracing';
import { operationLabel } from './upstream-path';

/** The parts of undici's request object the diagnostics channels hand out that are read here. */
interface UndiciRequest {
  origin: string;
  method: string;
  path: string;
  addHeader(name: string, value: string): unknown;
}

interface Observation {
  telemetry: Telemetry;
  vendor: Vendor;
  operation: string;
  startedAt: number;
  /** Set once counted: at the response headers, or at a failure before them. */
  counted: boolean;
  span: Span | undefined;
}

const gateways = new Set<Telemetry>();
const inFlight = new WeakMap<object, Observation[]>();

const CHANNELS = {
  'undici:request:create': onCreate,
  'undici:request:headers': onHeaders,
  'undici:request:trailers': onComplete,
  'undici:request:error': onError,
} as const;

/**
 * Watches every vendor call through undici's diagnostics channels, without touching the
 * HTTP client: counts and times each attempt (retries included), and gives it a client
 * span whose `traceparent` the vendor receives. A call made while serving a request
 * belongs to that request's gateway; one made outside a request (reconciliation,
 * readiness) to each gateway that talks to that origin.
 */
export function observeUpstreamCalls(telemetry: Telemetry): () => void {
  if (gateways.size === 0) for (const [name, handler] of Object.entries(CHANNELS)) subscribe(name, handler as (message: unknown) => void);
  gateways.add(telemetry);
  return () => {
    if (!gateways.delete(telemetry) || gateways.size > 0) return;
    for (const [name, handler] of Object.entries(CHANNELS)) unsubscribe(name, handler as (message: unknown) => void);
  };
}

function onCreate(message: unknown): void {
  const { request } = message as { request: UndiciRequest };
  const context = currentRequestContext();
  const owners = context?.telemetry ? [context.telemetry] : [...gateways];
  const operation = operationLabel(request.method, request.path);
  const observations: Observation[] = [];
  for (const telemetry of owners) {
    const vendor = telemetry.vendorOf(request.origin);
    if (!vendor) continue;
    const span = telemetry.tracer?.startSpan(
      operation,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.path.split('?', 1)[0],
          'server.address': request.origin,
          'gateway.vendor': vendor,
        },
      },
      contextWith(context?.operationSpan),
    );
    observations.push({ telemetry, vendor, operation, startedAt: performance.now(), counted: false, span });
  }
  if (observations.length === 0) return;
  inFlight.set(request, observations);
  const span = observations.find((o) => o.span)?.span;
  if (span) for (const [name, value] of Object.entries(traceContextHeaders(span))) request.addHeader(name, value);
}

function onHeaders(message: unknown): void {
  const { request, response } = message as { request: object; response: { statusCode: number } };
  for (const observation of inFlight.get(request) ?? []) {
    count(observation, String(response.statusCode));
    observation.span?.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) observation.span?.setStatus({ code: SpanStatusCode.ERROR });
  }
}

function onComplete(message: unknown): void {
  const { request } = message as { request: object };
  for (const observation of inFlight.get(request) ?? []) observation.span?.end();
  inFlight.delete(request);
}

function onError(message: unknown): void {
  const { request, error } = message as { request: object; error: unknown };
  const code = errorCode(error);
  for (const observation of inFlight.get(request) ?? []) {
    count(observation, code);
    observation.span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
    observation.span?.setAttribute('error.type', code);
    observation.span?.end();
  }
  inFlight.delete(request);
}

function count(observation: Observation, status: string): void {
  if (observation.counted) return;
  observation.counted = true;
  observation.telemetry.metrics.countUpstream(observation.vendor, observation.operation, status, (performance.now() - observation.startedAt) / 1000);
}

/**
 * undici's and the socket's error codes (`ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`), else
 * the error's name (`AbortError` when the attempt timed out): a small set of label values.
 */
function errorCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,39}$/.test(code)) return code;
  return typeof name === 'string' && /^[A-Za-z]{1,40}$/.test(name) ? name : 'error';
}
