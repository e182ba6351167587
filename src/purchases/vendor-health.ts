import type { ComponentHealth } from '../domain';
import { UpstreamError } from '../vendors/http';
import type { PurchaseDeps } from './ports';

/**
 * Each vendor's components as the vendor reports them; a vendor that cannot be asked
 * shows as its `connection` unhealthy instead of failing. HL Connect only: Boknett DDS
 * has no health endpoint.
 */
export async function vendorHealth(deps: Pick<PurchaseDeps, 'hlconnect'>): Promise<ComponentHealth[]> {
  try {
    return await deps.hlconnect.health();
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return [{ vendor: error.vendor, component: 'connection', healthy: false }];
  }
}
