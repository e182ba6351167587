export { HlConnectClient, type DroppedField, type HlConnectClientOptions, type RegisterPurchaseRequest, type ValidatePurchaseRequest } from './hlconnect-client';
