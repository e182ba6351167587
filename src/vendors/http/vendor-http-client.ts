import { Pool } from 'undici';
import type { Vendor } from '../../domain';
import { classifyTransportError } from './classify-transport-error';
import { UpstreamError } from './upstream-error';

export interface VendorHttpOptions {
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
}

export interface VendorRequest {
  /** Operation name for errors and logs, e.g. `purchaseInfo`. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base URL (no leading slash), or absolute on the same origin. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
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
 * bounded timeouts and response size, and every transport failure classified.
 * Status codes are the vendor client's to interpret.
 */
export class VendorHttpClient {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly prefix: string;

  constructor(private readonly options: VendorHttpOptions) {
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
  }

  get vendor(): Vendor {
    return this.options.vendor;
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
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }

    try {
      const response = await this.pool.request({ method: req.method, path, headers, body });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        text,
        json: parseJsonBody(text, response.headers['content-type'], vendor, req.operation),
      };
    } catch (error) {
      throw classifyTransportError(error, vendor, req.operation);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
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
