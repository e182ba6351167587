import type { Logger } from 'pino';
import type { Vendor } from '../domain';
import type { GatewayMetrics } from './gateway-metrics';

export interface DroppedFieldEvent {
  vendor: Vendor;
  operation: string;
  field: string;
}

/**
 * Counts each vendor field read as null in `upstream_fields_dropped_total{vendor,field}`
 * and logs the first drop of each field name: a vendor that changed a type says so once,
 * not on every page. Values are never logged.
 */
export function droppedFieldReporter(metrics: GatewayMetrics, logger: Logger): (event: DroppedFieldEvent) => void {
  const logged = new Set<string>();
  return ({ vendor, operation, field }) => {
    metrics.droppedFields.inc({ vendor, field });
    const key = `${vendor} ${field}`;
    if (logged.has(key)) return;
    logged.add(key);
    logger.warn({ vendor, operation, field }, 'vendor field of an unexpected type read as null; logged once per field');
  };
}
