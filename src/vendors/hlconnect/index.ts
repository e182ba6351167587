export { HlConnectClient, type HlConnectClientOptions, type RegisterPurchaseRequest, type ValidatePurchaseRequest } from './hlconnect-client';
