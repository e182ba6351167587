import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests, whichever is given. */
  durationS?: number;
  amount?: number;
  headers: Record<string, string>;
  /** The body of the next request (called per request). */
  body: () => string;
}

export interface LoadResult {
  durationS: number;
  /** Requests sent, including those still in flight when the run stopped. */
  sent: number;
  /** 2xx responses received (those with GraphQL errors included). */
  ok: number;
  /** 2xx responses without GraphQL errors, per second. */
  requestsPerSecond: number;
  /** Latency of 2xx responses without GraphQL errors, ms. */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  transportErrors: number;
  /** 2xx responses carrying GraphQL `errors` or non-empty `userErrors`. */
  graphqlErrors: number;
}

/** A 2xx body that reports a failure: top-level GraphQL errors, or a refusal in userErrors. */
export function bodyReportsError(body: string): boolean {
  return body.includes('"errors":') || (body.includes('"userErrors":[') && !body.includes('"userErrors":[]'));
}

/**
 * One autocannon run with POSTed JSON bodies. Latency percentiles are computed from every
 * successful response's own time (autocannon's histograms round to whole milliseconds).
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  // autocannon emits `response` and then, synchronously for the same response, calls
  // verifyBody: a body that reports an error takes back the latency just recorded.
  let justRecorded = false;
  const verifyBody = (body: unknown): boolean => {
    const failed = bodyReportsError(String(body ?? ''));
    if (failed && justRecorded) latencies.pop();
    justRecorded = false;
    return !failed;
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        // autocannon stops at a sample tick: a short one ends the run close to its duration.
        sampleInt: 100,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...options.headers },
            setupRequest: (request) => ({ ...request, body: options.body() }),
          },
        ],
        verifyBody,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        latencies.sort((a, b) => a - b);
        const seconds = result.duration || options.durationS || 1;
        // verifyBody sees non-2xx bodies too, and each of those carries `errors`.
        const graphqlErrors = Math.max(0, result.mismatches - result.non2xx);
        resolve({
          durationS: result.duration,
          sent: result.requests.sent,
          ok: result['2xx'],
          requestsPerSecond: (result['2xx'] - graphqlErrors) / seconds,
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          non2xx: result.non2xx,
          transportErrors: result.errors,
          graphqlErrors,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      justRecorded = statusCode >= 200 && statusCode < 300;
      if (justRecorded) latencies.push(responseTime);
    });
  });
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
