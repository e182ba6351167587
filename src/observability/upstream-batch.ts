import type { Span } from '@opentelemetry/api';

/**
 * The vendor calls one DataLoader batch starts at once (40 link calls of an order): traced as
 * one client span per operation, each call an event on it, instead of a span per call. A span
 * costs about 15–25 µs of CPU to build and export, an event about 1.
 */
export interface UpstreamBatch {
  /** The loader's name, e.g. `hlconnect.downloadUrl`. */
  readonly loader: string;
  /** Batch spans by operation label, with their calls still open; filled as calls start. */
  readonly spans: Map<string, BatchSpan>;
}

export interface BatchSpan {
  span: Span;
  /** The `traceparent` (and `tracestate`) every call of the batch carries: it names this span. */
  headers: Record<string, string>;
  calls: number;
  open: number;
}

/** A batch whose calls are yet to start. */
export function upstreamBatch(loader: string): UpstreamBatch {
  return { loader, spans: new Map() };
}
