export { BoknettClient, type BoknettClientOptions } from './boknett-client';
export { createBoknettClient, type CreateBoknettClientOptions } from './create-boknett-client';
export type { PlaceDdsOrderRequest } from './mapping';
export type { PollBounds } from './poll-download';
export type { Clock, TokenSource } from './auth/token-source';
