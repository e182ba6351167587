import type { GatewayServices } from '../context';
import { createHlConnectLoaders, type HlConnectLoaders } from './hlconnect-loaders';

export interface Loaders {
  hlconnect: HlConnectLoaders;
}

export function createLoaders(services: GatewayServices): Loaders {
  return { hlconnect: createHlConnectLoaders(services.hlconnect) };
}
