export { loadConfig, ConfigError, HLCONNECT_PRODUCTION_URL } from './load-config';
export type { GatewayConfig, HlConnectConfig, UpstreamConfig } from './load-config';
export { Secret } from './secret';
export { BOKNETT_PRODUCTION } from './boknett-config';
export type { BoknettAuthConfig, BoknettConfig } from './boknett-config';
export type { LedgerSettings } from './ledger-config';
export type { ResilienceConfig } from './resilience-config';
export type { AccessConfig, AddressRange, ApiKeyConfig, JwtConfig } from './access-config';
export type { LimitsConfig } from './limits-config';
