export { VendorHttpClient, type VendorHttpOptions, type VendorRequest, type VendorResponse } from './vendor-http-client';
export { UpstreamError, type UpstreamFailure } from './upstream-error';
export { parseWire, unexpectedStatus } from './parse-wire';
