import type { Ledger } from '../ledger';
import { MIGRATIONS } from '../ledger/migrations';
import { NotReady, type ReadinessCheck } from './readiness';

export interface ReadinessDependencies {
  ledger: Ledger;
}

const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/**
 * What `/readyz` checks: only what this process needs to serve. The ledger answers and
 * its schema is the one this code writes (`SCHEMA_OUTDATED` otherwise, e.g. a database
 * migrated by an older release). Vendors are not checked: a vendor that is down is down
 * for every replica, and taking them all out of the load balancer would turn a partial
 * outage into a full one; vendor health is in `vendorHealth`, the metrics and the logs.
 */
export function readinessChecks(deps: ReadinessDependencies): Record<string, ReadinessCheck> {
  return {
    ledger: async () => {
      const version = await deps.ledger.schemaVersion();
      if (version < LATEST_MIGRATION) throw new NotReady('SCHEMA_OUTDATED', { schemaVersion: version, expected: LATEST_MIGRATION });
      return { store: deps.ledger.kind, schemaVersion: version };
    },
  };
}
