import { currentRequestContext } from './request-context';

/**
 * Headers every vendor call carries: the caller's request id as `X-Request-Id`, so a
 * vendor's logs can be matched with ours. (`traceparent` is added per attempt by the
 * upstream observer, so that it names the client span of that very attempt.)
 */
export function outboundHeaders(): Record<string, string> {
  const context = currentRequestContext();
  return context ? { 'x-request-id': context.requestId } : {};
}
