export {
  VendorHttpClient,
  type VendorHttpOptions,
  type VendorRequest,
  type VendorResilienceOptions,
  type VendorResponse,
} from './vendor-http-client';
export { UpstreamError, type AttemptOutcome, type UpstreamFailure } from './upstream-error';
export type { CircuitStateName } from './vendor-policies';
export { NOT_PROCESSED, isRefusalStatus } from './status-meaning';
export { parseWire, unexpectedStatus, type LenientParseOptions, type OptionalField } from './parse-wire';
export { loggedVendorText, shownVendorText } from './vendor-text';
export { KnownSecrets, type SecretSource } from './known-secrets';
export { RequestLimitError } from './request-limit-error';
export { mediaType } from './media-type';
export { QuotaExhausted, type VendorCallQuota } from './call-quota';
