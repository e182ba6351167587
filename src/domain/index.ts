export type { Vendor } from './vendor';
export { VENDOR_DISPLAY_NAME } from './vendor';
export type { Order, OrderItem, OrderItemStatus, OrderLineRef, OrderStatus, ValidationToken } from './order';
export type { Asset, AssetPage } from './asset';
export type { ComponentHealth } from './health';
export type { DdsDownload, DdsDownloadRequest, DdsDownloadStatus, DdsOrder } from './dds-order';
export type { Result, UserError, UserErrorCode } from './user-error';
export { ok, refused } from './user-error';
