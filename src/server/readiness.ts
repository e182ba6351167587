import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { UpstreamError } from '../vendors/http';
import { sendJson } from './send';

/** One dependency's check: resolves (optionally with details to show) when ready, throws when not. */
// biome-ignore lint/suspicious/noConfusingVoidType: a check with nothing to report is an async function that returns nothing
export type ReadinessCheck = () => Promise<Record<string, unknown> | void>;

export interface CheckResult {
  status: 'ok' | 'failing';
  durationMs: number;
  /** Why it fails, as a code (`TIMEOUT`, `UNAVAILABLE`, `UNREACHABLE`…); never a message, host or credential. */
  reason?: string;
  [detail: string]: unknown;
}

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  checkedAt: string;
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  checks: Record<string, ReadinessCheck>;
  /** How long an answer is reused, ms; concurrent probes always share one round of checks. */
  cacheMs: number;
  /** How long each check may take, ms. */
  timeoutMs: number;
  logger: Logger;
  /** True once the process is shutting down: then not ready at once, whatever the checks say. */
  stopping?: () => boolean;
}

/** A check's own verdict that is not an error of the code (e.g. a vendor reporting itself unhealthy). */
export class NotReady extends Error {
  constructor(
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason);
    this.name = 'NotReady';
  }
}

/**
 * `/readyz`: 503 from the moment shutdown begins; otherwise runs every check at once, each bounded by `timeoutMs`, and answers 200 when
 * all pass, else 503, with each check's result in the body. A result is reused for
 * `cacheMs`, so frequent probes do not load the ledger or the vendors.
 */
export function createReadiness(options: ReadinessOptions) {
  const { checks, cacheMs, timeoutMs, logger, stopping = () => false } = options;
  let cached: { report: Promise<ReadinessReport>; expiresAt: number } | undefined;

  async function run(): Promise<ReadinessReport> {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(name, check)] as const));
    const results = Object.fromEntries(entries);
    const ready = entries.every(([, result]) => result.status === 'ok');
    return { status: ready ? 'ready' : 'not ready', checkedAt: new Date().toISOString(), checks: results };
  }

  async function runCheck(name: string, check: ReadinessCheck): Promise<CheckResult> {
    const startedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NotReady('TIMEOUT')), timeoutMs);
    });
    try {
      const details = await Promise.race([check(), timeout]);
      return { status: 'ok', durationMs: Date.now() - startedAt, ...(details ?? {}) };
    } catch (error) {
      const reason = reasonOf(error);
      logger.warn({ check: name, reason, err: error }, 'readiness check failing');
      return { status: 'failing', durationMs: Date.now() - startedAt, reason, ...(error instanceof NotReady ? error.details : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  function report(): Promise<ReadinessReport> {
    const now = Date.now();
    if (cached && now < cached.expiresAt) return cached.report;
    const entry = { report: run(), expiresAt: Number.POSITIVE_INFINITY };
    cached = entry;
    // Reused while it runs, then for cacheMs after it finished.
    void entry.report.then(() => {
      entry.expiresAt = Date.now() + cacheMs;
    });
    return entry.report;
  }

  return {
    report,
    async handle(_req: IncomingMessage, res: ServerResponse): Promise<void> {
      // Load balancers stop sending here while requests in flight finish.
      if (stopping()) return sendJson(res, 503, shuttingDown());
      const answer = await report();
      sendJson(res, answer.status === 'ready' ? 200 : 503, answer);
    },
  };
}

function shuttingDown(): ReadinessReport {
  return { status: 'not ready', checkedAt: new Date().toISOString(), checks: { process: { status: 'failing', durationMs: 0, reason: 'SHUTTING_DOWN' } } };
}

function reasonOf(error: unknown): string {
  if (error instanceof NotReady) return error.reason;
  if (error instanceof UpstreamError) return error.failure;
  return 'UNREACHABLE';
}
