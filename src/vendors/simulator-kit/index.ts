export { SimulatorServer, CONTROL_PREFIX, normaliseIp, sleep, type ReceivedRequest, type SimulatorServerOptions } from './simulator-server';
export type { Fault } from './fault-switch';
export type { Route, SimRequest, SimResponse } from './router';
export { StateFile } from './state-file';
export { sampleEpub, samplePdf, sampleWav } from './sample-files';
