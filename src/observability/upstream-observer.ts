import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { Vendor } from '../domain';
import { currentRequestContext } from './request-context';
import type { Telemetry } from './telemetry';
import { contextWith, traceContextHeaders } from './tracing';
import type { BatchSpan, UpstreamBatch } from './upstream-batch';
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
  /** The call's own client span; none when it is one of a batch's calls, or tracing is off. */
  span: Span | undefined;
  /** The span the call shares with the other calls of its DataLoader batch. */
  batch: BatchSpan | undefined;
}

const gateways = new Set<Telemetry>();
/**
 * A call's observations ride on undici's request object rather than in a WeakMap: with
 * thousands of calls in flight, every young-generation collection would walk the map's
 * ephemeron entries.
 */
const OBSERVATIONS = Symbol('gateway.upstreamObservations');
type Observed = { [OBSERVATIONS]?: Observation[] | undefined };
const observationsOf = (request: object): Observation[] => (request as Observed)[OBSERVATIONS] ?? [];

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
    const { tracer } = telemetry;
    const batched = tracer && context?.upstreamBatch;
    const batch = batched ? joinBatch(batched, operation, () => clientSpan(tracer, operation, request, vendor, context.operationSpan)) : undefined;
    const span = batch ? undefined : tracer && clientSpan(tracer, operation, request, vendor, context?.operationSpan);
    observations.push({ telemetry, vendor, operation, startedAt: performance.now(), counted: false, span, batch });
  }
  if (observations.length === 0) return;
  (request as Observed)[OBSERVATIONS] = observations;
  const traced = observations.find((o) => o.span ?? o.batch);
  const headers = traced?.batch?.headers ?? (traced?.span && traceContextHeaders(traced.span));
  if (headers) for (const [name, value] of Object.entries(headers)) request.addHeader(name, value);
}

function clientSpan(tracer: Tracer, operation: string, request: UndiciRequest, vendor: Vendor, parent: Span | undefined): Span {
  return tracer.startSpan(
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
    contextWith(parent),
  );
}

/** The batch's span for this call's operation (started by its first call), with one more call open. */
function joinBatch(batch: UpstreamBatch, operation: string, start: () => Span): BatchSpan {
  let shared = batch.spans.get(operation);
  if (!shared) {
    const span = start();
    span.setAttribute('gateway.batch.loader', batch.loader);
    shared = { span, headers: traceContextHeaders(span), calls: 0, open: 0 };
    batch.spans.set(operation, shared);
  }
  shared.calls += 1;
  shared.open += 1;
  return shared;
}

/** One call of a batch is done; the batch's span ends with its last call. */
function leaveBatch(batch: BatchSpan): void {
  batch.open -= 1;
  if (batch.open > 0) return;
  batch.span.setAttribute('gateway.batch.calls', batch.calls);
  batch.span.end();
}

function onHeaders(message: unknown): void {
  const { request, response } = message as { request: object; response: { statusCode: number } };
  for (const observation of observationsOf(request)) {
    count(observation, String(response.statusCode));
    const span = observation.span ?? observation.batch?.span;
    if (observation.batch) span?.addEvent('response', { 'http.response.status_code': response.statusCode });
    else span?.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
  }
}

function onComplete(message: unknown): void {
  const { request } = message as { request: object };
  for (const observation of observationsOf(request)) {
    if (observation.batch) leaveBatch(observation.batch);
    else observation.span?.end();
  }
  (request as Observed)[OBSERVATIONS] = undefined;
}

function onError(message: unknown): void {
  const { request, error } = message as { request: object; error: unknown };
  const code = errorCode(error);
  for (const observation of observationsOf(request)) {
    count(observation, code);
    const span = observation.span ?? observation.batch?.span;
    span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
    if (observation.batch) {
      span?.addEvent('error', { 'error.type': code });
      leaveBatch(observation.batch);
    } else {
      span?.setAttribute('error.type', code);
      span?.end();
    }
  }
  (request as Observed)[OBSERVATIONS] = undefined;
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
