import type { Vendor } from './vendor';

export interface ComponentHealth {
  vendor: Vendor;
  component: string;
  healthy: boolean;
}
