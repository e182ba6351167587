import type { Caller } from '../../domain';
import type { GatewayServices } from '../context';
import { createBoknettLoaders, type BoknettLoaders } from './boknett-loaders';
import { createCatalogueLoaders, type CatalogueLoaders } from './catalogue-loaders';
import { createHlConnectLoaders, type HlConnectLoaders } from './hlconnect-loaders';
import { createLedgerLoaders, type LedgerLoaders } from './ledger-loaders';

export interface Loaders {
  hlconnect: HlConnectLoaders;
  boknett: BoknettLoaders;
  ledger: LedgerLoaders;
  catalogue: CatalogueLoaders;
}

export function createLoaders(services: GatewayServices, caller: Caller): Loaders {
  return {
    hlconnect: createHlConnectLoaders(services.hlconnect),
    boknett: createBoknettLoaders(services.boknett),
    ledger: createLedgerLoaders(services.ledger, caller, services.hlconnect.currency),
    catalogue: createCatalogueLoaders(services.hlconnect),
  };
}
