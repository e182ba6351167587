import type { DdsDownload, DdsDownloadRequest, DdsOrder, Result } from '../../domain';
import { ok, refused } from '../../domain';
import { RequestLimitError, UpstreamError, parseWire, unexpectedStatus, type CircuitStateName, type VendorHttpClient, type VendorRequest, type VendorResponse } from '../http';
import type { Clock, TokenSource } from './auth/token-source';
import { contentLocation, failedDownload, needsParameters, toDdsOrder, toDownload, toOrderWire, type PlaceDdsOrderRequest } from './mapping';
import { pollDownload, type DownloadStart, type PollBounds } from './poll-download';
import { downloadRefusal, orderRefusal } from './refusals';
import { rfc1123Date } from './rfc1123-date';
import { statusPageFromXml } from './status-page-xml';
import { downloadStatusWire } from './wire';

export interface BoknettClientOptions {
  /** A client for the API origin; its base URL is the DDS API base (`https://api.bokbasen.io/dds/`). */
  http: VendorHttpClient;
  /** The same API base URL, to resolve the `Location`s DDS answers with. */
  apiBaseUrl: string;
  auth: TokenSource;
  /** Bounds of the status-page polling of `download`. */
  download: PollBounds;
  /** The clock for `Date` headers and `placedAt`, in epoch ms. */
  now: Clock;
  /** Closes what the client was built on (pools), after the session ends. */
  onClose?: () => Promise<void>;
}

const VENDOR = 'BOKNETT_DDS' as const;

/**
 * Boknett DDS: orders and content download. Speaks DDS's wire names and headers to the
 * vendor and the graph's domain types to its callers; business refusals come back as
 * values, faults as thrown UpstreamErrors. Every call carries a fresh `Date` and the
 * token source's `Authorization`; a 401 is answered by one new login and one retry.
 */
export class BoknettClient {
  /** The API base URL ending in `/`, so relative paths resolve under it. */
  private readonly apiBase: string;

  constructor(private readonly options: BoknettClientOptions) {
    this.apiBase = options.apiBaseUrl.endsWith('/') ? options.apiBaseUrl : `${options.apiBaseUrl}/`;
  }

  /**
   * Not idempotent: never re-sent after a transport error (the order may have been
   * placed). Only a 401, which DDS refused outright, is sent again after a new login.
   */
  async placeOrder(order: PlaceDdsOrderRequest): Promise<Result<DdsOrder>> {
    const operation = order.subscription ? 'placeSubscriptionOrder' : 'placeOrder';
    const response = await this.call({
      operation,
      method: 'POST',
      idempotent: false,
      path: order.subscription ? 'order/subscription' : 'order',
      json: toOrderWire(order),
    });
    if (response.status === 200 || response.status === 201) {
      const content = contentLocation(response.headers.location, this.apiBase);
      if (!content) {
        // DDS accepted the order but did not say where it lives: the gateway cannot report it as placed.
        throw new UpstreamError({ vendor: VENDOR, operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: true, status: response.status, detail: 'no usable Location' });
      }
      return ok(toDdsOrder(order, content, new Date(this.options.now())));
    }
    const refusal = orderRefusal(response, order.firstName !== null || order.lastName !== null, this.options.http.secrets);
    if (refusal) {
      this.options.http.noteRefusal(operation, response, [order.firstName, order.lastName]);
      return refused([refusal]);
    }
    throw unexpectedStatus(response, VENDOR, operation);
  }

  /** Step 1: asks DDS to prepare the content; a status page to poll, or an answer at once (300, refusal). */
  async startDownload(request: DdsDownloadRequest): Promise<DownloadStart> {
    const operation = 'contentDownload';
    const path = `content/${encodeURIComponent(request.fulfilmentId)}`;
    const response = await this.call({ operation, method: 'GET', idempotent: true, path, query: { type: request.type, bitrate: request.bitrate ?? undefined } });
    if (response.status === 302 || response.status === 303) {
      return { statusUrl: this.statusUrl(response, new URL(path, this.apiBase).href, operation) };
    }
    if (response.status === 300) {
      return { download: needsParameters(response.json, request, this.options.http.secrets) };
    }
    const refusal = downloadRefusal(response, this.options.http.secrets);
    if (refusal) {
      this.options.http.noteRefusal(operation, response);
      return { download: failedDownload(refusal) };
    }
    throw unexpectedStatus(response, VENDOR, operation);
  }

  /** Step 2: one look at the status page; undefined when the page has expired (start again). */
  async downloadStatus(statusUrl: string): Promise<DdsDownload | undefined> {
    const operation = 'downloadStatus';
    const response = await this.call({ operation, method: 'GET', idempotent: true, path: statusUrl });
    if (response.status === 404 || response.status === 410) return undefined;
    if (response.status !== 200) throw unexpectedStatus(response, VENDOR, operation);
    // JSON as asked for; XML, which DDS is phasing out, read all the same.
    const page = response.json !== undefined ? response : { ...response, json: statusPageFromXml(response.text, response.headers['content-type']) };
    const download = toDownload(parseWire(downloadStatusWire, page, VENDOR, operation), this.options.http.secrets);
    if (!download) {
      throw new UpstreamError({ vendor: VENDOR, operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: true, status: 200, detail: 'READY without an http(s) downloadURL' });
    }
    return download;
  }

  /** The whole download: start, then poll within the configured bounds (PROCESSING when they pass). */
  download(request: DdsDownloadRequest): Promise<DdsDownload> {
    return pollDownload({ start: () => this.startDownload(request), status: (url) => this.downloadStatus(url) }, this.options.download);
  }

  /** The circuit breaker state of the DDS API (the login service has a breaker of its own). */
  circuitState(): CircuitStateName {
    return this.options.http.circuitState();
  }

  /** The ticket or access token the client holds now, if any: a secret to keep out of vendor text. */
  credentialInUse(): string | undefined {
    return this.options.auth.inUse();
  }

  /** Ends the DDS session (a ticket is `DELETE`d) and closes the connections. */
  async close(): Promise<void> {
    await this.options.auth.close();
    await this.options.onClose?.();
  }

  /** The status page a 302 points at; it must stay on the API's origin (it receives our credentials). */
  private statusUrl(response: VendorResponse, requestUrl: string, operation: string): string {
    const location = response.headers.location;
    const raw = (Array.isArray(location) ? location[0] : location)?.trim();
    let url: URL | undefined;
    try {
      url = raw ? new URL(raw, requestUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== new URL(this.apiBase).origin) {
      throw new UpstreamError({ vendor: VENDOR, operation, failure: 'BAD_RESPONSE', mayHaveReachedVendor: true, status: response.status, detail: 'no usable status Location' });
    }
    return url.href;
  }

  /** Sends with fresh headers; a 401 invalidates the credential and is retried once with a new one. */
  private async call(request: VendorRequest): Promise<VendorResponse> {
    const first = await this.send(request);
    if (first.response.status !== 401) return first.response;
    this.options.auth.invalidate(first.authorization);
    const second = await this.send(request);
    if (second.response.status !== 401) return second.response;
    this.options.auth.invalidate(second.authorization);
    throw new UpstreamError({ vendor: VENDOR, operation: request.operation, failure: 'AUTH_FAILED', mayHaveReachedVendor: false, status: 401, detail: 'refused after a new login' });
  }

  private async send(request: VendorRequest): Promise<{ authorization: string; response: VendorResponse }> {
    const authorization = await this.credentialFor(request.operation);
    const response = await this.options.http.request({
      ...request,
      headers: { ...request.headers, authorization },
      // Per attempt: a read re-sent after a 503 or a Retry-After carries the time it is sent at.
      attemptHeaders: () => ({ date: rfc1123Date(this.options.now()) }),
    });
    return { authorization, response };
  }

  /**
   * The credential to send, logging in when there is none. A login that fails leaves the call
   * itself unsent, whatever the login service may have done: the error says so, so that an order
   * is recorded NOT_APPLIED (send it again), not as one DDS may have placed.
   */
  private async credentialFor(operation: string): Promise<string> {
    try {
      return await this.options.auth.authorization();
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      // The request's own deadline or call budget stopped the login: that says so itself, and sent nothing.
      if (error instanceof RequestLimitError) {
        throw new RequestLimitError({ vendor: VENDOR, operation, limit: error.limit, mayHaveReachedVendor: false });
      }
      throw new UpstreamError({
        vendor: VENDOR,
        operation,
        failure: error.failure,
        mayHaveReachedVendor: false,
        ...(error.status === undefined ? {} : { status: error.status }),
        detail: `login failed: ${error.operation} ${error.failure}${error.detail ? ` (${error.detail})` : ''}`,
        cause: error,
      });
    }
  }
}
