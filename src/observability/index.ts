export { Telemetry, type TelemetryOptions } from './telemetry';
export { GatewayMetrics } from './gateway-metrics';
export { droppedFieldReporter, type DroppedFieldEvent } from './dropped-fields';
export { currentRequestContext, runInRequestContext, type RequestContext } from './request-context';
export { outboundHeaders } from './outbound-headers';
export { measuredBatch } from './measured-batch';
export { traceContextFrom } from './tracing';
export { circuitStateValue } from './circuit-state';
export { RequestBudget, type RequestLimit } from './request-budget';
