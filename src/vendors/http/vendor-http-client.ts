import { Pool } from 'undici';
import type { ResilienceConfig } from '../../config';
import type { Vendor } from '../../domain';
import { outboundHeaders } from '../../observability/outbound-headers';
import { currentRequestContext } from '../../observability/request-context';
import { readAnswer } from './read-answer';
import { judgeAnswer, type JudgedAnswer } from './answer-verdict';
import type { VendorCallQuota } from './call-quota';
import { classifyPolicyError } from './classify-policy-error';
import { classifyTransportError } from './classify-transport-error';
import { KnownSecrets } from './known-secrets';
import { UpstreamError } from './upstream-error';
import { loggedVendorText } from './vendor-text';
import { createVendorPolicies, type CircuitStateName, type VendorPolicies } from './vendor-policies';

/** The resilience settings of a vendor client, and optional hooks to watch them at work. */
export interface VendorResilienceOptions {
  /** This client's retry, circuit breaker and bulkhead settings. */
  resilience: ResilienceConfig;
  /** Told before an idempotent request is re-sent (attempt 1, 2…). */
  onRetry?: (event: { vendor: Vendor; operation: string; attempt: number }) => void;
  /** Told when this client's circuit opens, half-opens (a probe) or closes. */
  onCircuitChange?: (event: { vendor: Vendor; state: CircuitStateName }) => void;
  /** Told of each business refusal with the vendor's body (secrets, URLs, paths and frames masked): callers only see it cleaned. */
  onRefusal?: (event: { vendor: Vendor; operation: string; status: number; text: string }) => void;
}

export interface VendorHttpOptions extends VendorResilienceOptions {
  vendor: Vendor;
  /** Origin plus optional path prefix, e.g. `https://api.bokbasen.io/dds/`. */
  baseUrl: string;
  /** Time to establish a connection, ms. */
  connectTimeoutMs: number;
  /** Time to the response headers, and between body chunks, ms. */
  timeoutMs: number;
  /** Larger answers are refused as BAD_RESPONSE. */
  maxResponseBytes: number;
  /** Keep-alive connections kept to this vendor origin. */
  connections: number;
  /** Calls per second this vendor takes across the fleet; absent: none (and no cost per call). */
  quota?: VendorCallQuota;
  /** The gateway's secrets, masked out of this vendor's text wherever it is shown or logged; absent: none known. */
  secrets?: KnownSecrets;
}

export interface VendorRequest {
  /** Operation name for errors and logs, e.g. `purchaseInfo`. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /**
   * True only for reads that change nothing at the vendor: they are re-sent after a
   * connection error or a 502/503/504. Anything else is sent at most once.
   */
  idempotent: boolean;
  /**
   * Marks a 5xx answer the contract documents as a business outcome (HL Connect's 502
   * with `{status, message}`): it is neither re-sent nor counted against the circuit.
   */
  businessAnswer?: (response: VendorResponse) => boolean;
  /** Relative to the base URL (no leading slash), or absolute on the same origin. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Headers computed anew for every attempt, a re-sent one included (DDS's `Date`); they win over `headers`. */
  attemptHeaders?: () => Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
}

export interface VendorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body text ('' when empty). */
  text: string;
  /** The body parsed as JSON when it is JSON; undefined when empty or not JSON. */
  json: unknown;
}

/**
 * The only place that talks HTTP to a vendor: one keep-alive undici pool per origin,
 * bounded timeouts and response size, and every transport failure classified. Every
 * call passes this client's circuit breaker, a per-attempt timeout and its bulkhead;
 * idempotent reads are re-sent with backoff after connection errors and 502/503/504.
 * Status codes are the vendor client's to interpret.
 */
export class VendorHttpClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly policies: VendorPolicies;
  /** What to mask out of this vendor's text (shownVendorText, loggedVendorText). */
  readonly secrets: KnownSecrets;
  private closing = false;

  constructor(private readonly options: VendorHttpOptions) {
    this.secrets = options.secrets ?? new KnownSecrets();
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    this.pool = new Pool(this.origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: options.maxResponseBytes,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
    const { vendor, onCircuitChange } = options;
    this.policies = createVendorPolicies({
      settings: options.resilience,
      // Connect, headers and the body: beyond undici's per-phase timeouts, a bound on the whole attempt.
      attemptTimeoutMs: options.connectTimeoutMs + 2 * options.timeoutMs,
      mayRetry: () => !this.closing,
      ...(options.quota ? { quota: options.quota } : {}),
      ...(onCircuitChange ? { onCircuitChange: (state: CircuitStateName) => onCircuitChange({ vendor, state }) } : {}),
    });
  }

  get vendor(): Vendor {
    return this.options.vendor;
  }

  /** This vendor's circuit: `open` refuses calls at once, `half-open` while a probe is out. */
  circuitState(): CircuitStateName {
    return this.policies.circuitState();
  }

  /** Resolves a path against the base URL; absolute URLs must stay on the vendor's origin. */
  resolvePath(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const url = new URL(pathOrUrl);
      if (url.origin !== this.origin) throw new Error(`refusing to follow ${url.origin}: not ${this.origin}`);
      return `${url.pathname}${url.search}`;
    }
    return `${this.prefix}${pathOrUrl.replace(/^\//, '')}`;
  }

  async request(req: VendorRequest): Promise<VendorResponse> {
    const { vendor } = this.options;
    let path: string;
    try {
      path = this.resolvePath(req.path) + toQueryString(req.query);
    } catch (error) {
      throw new UpstreamError({ vendor, operation: req.operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: false, detail: String(error) });
    }
    // The request context is read once per call: each read is an AsyncLocalStorage lookup.
    const context = currentRequestContext();
    const headers = outboundHeaders(context);
    if (req.headers) Object.assign(headers, req.headers);
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }

    let sent = false;
    const attempt = ({ signal, attempt: n }: { signal: AbortSignal; attempt: number }): Promise<JudgedAnswer> => {
      if (n > 0) this.options.onRetry?.({ vendor, operation: req.operation, attempt: n });
      sent = true;
      const sentHeaders = req.attemptHeaders ? { ...headers, ...req.attemptHeaders() } : headers;
      return this.send({ method: req.method, path, headers: sentHeaders, body, signal }, req);
    };
    try {
      return (await this.policies.execute(req.idempotent, attempt, context?.budget)).response;
    } catch (error) {
      throw classifyPolicyError(error, vendor, req.operation, sent);
    }
  }

  /** Reports a refusal's body for the logs, masked (and the buyer's `personal` data the request carried); the caller is shown only its cleaned message. */
  noteRefusal(operation: string, response: VendorResponse, personal: readonly (string | null | undefined)[] = []): void {
    this.options.onRefusal?.({ vendor: this.options.vendor, operation, status: response.status, text: loggedVendorText(response.text, this.secrets, personal) });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.close();
  }

  /** One attempt: sends, reads the body and judges the answer. */
  private async send(
    options: { method: VendorRequest['method']; path: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal },
    req: VendorRequest,
  ): Promise<JudgedAnswer> {
    const { vendor } = this.options;
    let response: VendorResponse;
    try {
      const answer = await readAnswer(this.pool, options);
      const { text } = answer;
      response = {
        status: answer.statusCode,
        headers: answer.headers,
        text,
        json: parseJsonBody(text, answer.headers['content-type'], vendor, req.operation),
      };
    } catch (error) {
      throw classifyTransportError(error, vendor, req.operation);
    }
    const judged = judgeAnswer(response, req.businessAnswer, this.options.resilience.retry.maxDelayMs);
    // The vendor throttles the account all replicas share: they all hold off, not just this one.
    if (response.status === 429 && judged.retryAfterMs) this.options.quota?.pause(judged.retryAfterMs);
    return judged;
  }
}

function toQueryString(query: VendorRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function parseJsonBody(text: string, contentType: string | string[] | undefined, vendor: Vendor, operation: string): unknown {
  if (text === '') return undefined;
  const type = String(contentType ?? '').toLowerCase();
  if (!type.includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError({ vendor, operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: true, detail: 'malformed JSON' });
  }
}
