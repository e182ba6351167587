import type { Caller } from '../../domain';
import type { GatewayServices } from '../context';
import { createBoknettLoaders, type BoknettLoaders } from './boknett-loaders';
import { createCatalogueLoaders, type CatalogueLoaders } from './catalogue-loaders';
import { createHlConnectLoaders, type HlConnectLoaders } from './hlconnect-loaders';
import { createLedgerLoaders, type LedgerLoaders } from './ledger-loaders';
import { OwnOrders } from './own-orders';

export interface Loaders {
  hlconnect: HlConnectLoaders;
  boknett: BoknettLoaders;
  ledger: LedgerLoaders;
  catalogue: CatalogueLoaders;
}

export function createLoaders(services: GatewayServices, caller: Caller): Loaders {
  const hlconnect = createHlConnectLoaders(services.hlconnect);
  const ledger = createLedgerLoaders(services.ledger, caller, services.hlconnect.currency);
  return {
    // Every order the graph reads is the caller's view of it (own-orders.ts).
    hlconnect: ledger.ownsHlLine ? { ...hlconnect, orderInfo: new OwnOrders(hlconnect.orderInfo, ledger.ownsHlLine) } : hlconnect,
    boknett: createBoknettLoaders(services.boknett),
    ledger,
    catalogue: createCatalogueLoaders(services.hlconnect),
  };
}
