import type { GatewayConfig } from '../../config';
import { EXAMPLE_OPERATION, type IdeOptions } from './pages';

export { graphiqlPage, landingPagePlugin, type IdeKind, type IdeOptions } from './pages';
export { ideRoutes } from './routes';

/**
 * The IDE of this gateway, or none (landing pages off: production unless GRAPHQL_LANDING_PAGE).
 * The dev key is pre-filled only in sandbox mode, where it exists (never in production) and
 * every vendor is a local simulator: whoever can open the page can use it.
 */
export function ideOptions(config: GatewayConfig): IdeOptions | undefined {
  if (!config.limits.landingPage) return undefined;
  const { devKey } = config.access;
  const sandbox = config.hlconnect.mode === 'sandbox' && config.boknett.mode === 'sandbox';
  return {
    ide: config.limits.ide,
    document: EXAMPLE_OPERATION,
    ...(devKey && sandbox && config.env !== 'production' ? { headers: { Authorization: `Bearer ${devKey.reveal()}` } } : {}),
  };
}
