import type { BoknettClient } from '../vendors/boknett';
import type { HlConnectClient } from '../vendors/hlconnect';
import type { Loaders } from './loaders';

/** Long-lived collaborators, shared by all requests. */
export interface GatewayServices {
  hlconnect: HlConnectClient;
  boknett: BoknettClient;
  limits: { maxOrderIds: number };
}

/** What every resolver sees: built fresh for each HTTP request. */
export interface GatewayContext {
  requestId: string;
  /** The address the request came from, used as the buyer's IP by default. */
  callerIp: string;
  services: GatewayServices;
  loaders: Loaders;
}
