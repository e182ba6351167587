import type { Vendor } from '../../domain';
import { UpstreamError, type UpstreamFailure } from './upstream-error';

/** Errors raised before any byte of the request could have left this process. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const FAILURE_BY_CODE: Record<string, UpstreamFailure> = {
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  UND_ERR_ABORTED: 'TIMEOUT',
  ABORT_ERR: 'TIMEOUT',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'BAD_RESPONSE',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'BAD_RESPONSE',
  UND_ERR_HEADERS_OVERFLOW: 'BAD_RESPONSE',
};

/** Turns an undici/socket error into an UpstreamError that says whether the vendor may have acted. */
export function classifyTransportError(error: unknown, vendor: Vendor, operation: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = errorCode(error);
  return new UpstreamError({
    vendor,
    operation,
    failure: FAILURE_BY_CODE[code] ?? 'UNAVAILABLE',
    mayHaveReachedVendor: !NOT_SENT.has(code),
    detail: code || (error instanceof Error ? error.name : 'unknown'),
    cause: error,
  });
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause && cause !== error) return errorCode(cause);
    if ((error as { name?: unknown }).name === 'AbortError') return 'ABORT_ERR';
  }
  return '';
}
