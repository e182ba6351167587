import type { AuthCheckerFn } from 'type-graphql';
import { hasScope, type Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { forbidden } from '../errors/forbidden';

/**
 * type-graphql's check for `@Authorized(scope)`: runs before the resolver, so a field
 * outside the caller's scopes answers FORBIDDEN and never reaches a vendor.
 */
export const scopeAuthChecker: AuthCheckerFn<GatewayContext, Scope> = ({ context, info }, scopes) => {
  const missing = scopes.filter((scope) => !hasScope(context.caller, scope));
  if (missing.length === 0) return true;
  throw forbidden(`${info.fieldName} needs the ${missing.map((s) => `"${s}"`).join(', ')} scope, which this caller does not have.`);
};
