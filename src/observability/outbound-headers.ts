import type { RequestContext } from './request-context';

/**
 * Headers every vendor call carries, in a fresh object the caller may add to: JSON is
 * asked for, and the caller's request id goes as `X-Request-Id`, so a vendor's logs can
 * be matched with ours. (`traceparent` is added per attempt by the upstream observer, so
 * that it names the client span of that very attempt.)
 */
export function outboundHeaders(context: RequestContext | undefined): Record<string, string> {
  return context ? { accept: 'application/json', 'x-request-id': context.requestId } : { accept: 'application/json' };
}
