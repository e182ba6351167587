import { hasScope } from '../../domain';
import type { GatewayContext } from '../context';
import { forbidden } from '../errors/forbidden';

/**
 * The buyer's IP for a vendor: the caller's address (see TRUSTED_PROXIES), or an
 * explicit `customerIp`, which only callers with `purchases:write` may give (a shop's
 * backend that knows its buyer); anyone else gets FORBIDDEN and nothing is sent.
 */
export function buyerIp(explicit: string | null | undefined, ctx: GatewayContext): string {
  if (explicit === null || explicit === undefined) return ctx.callerIp;
  if (!hasScope(ctx.caller, 'purchases:write')) throw forbidden('customerIp may only be given by callers with the "purchases:write" scope.');
  return explicit;
}
