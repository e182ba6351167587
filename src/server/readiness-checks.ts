import type { Ledger } from '../ledger';
import type { BoknettClient } from '../vendors/boknett';
import type { HlConnectClient } from '../vendors/hlconnect';
import { NotReady, type ReadinessCheck } from './readiness';

export interface ReadinessDependencies {
  ledger: Ledger;
  hlconnect: HlConnectClient;
  boknett: BoknettClient;
}

/**
 * What `/readyz` checks:
 * - ledger: the database answers a trivial query;
 * - hlconnect: HL Connect's `/health` answers and reports every component healthy;
 * - boknett: DDS has no health endpoint and a login per probe would cost a ticket, so it
 *   is ready unless its circuit breaker is open (DDS failed repeatedly of late).
 */
export function readinessChecks(deps: ReadinessDependencies): Record<string, ReadinessCheck> {
  return {
    ledger: async () => {
      await deps.ledger.ping();
      return { store: deps.ledger.kind };
    },
    hlconnect: async () => {
      const components = await deps.hlconnect.health();
      const unhealthy = components.filter((c) => !c.healthy).map((c) => c.component);
      if (unhealthy.length > 0) throw new NotReady('UNHEALTHY', { unhealthy });
      return { components: components.length };
    },
    boknett: async () => {
      const circuit = deps.boknett.circuitState();
      if (circuit === 'open') throw new NotReady('CIRCUIT_OPEN', { circuit });
      return { circuit };
    },
  };
}
