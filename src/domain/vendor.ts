/** The vendors behind the gateway, as the graph names them. */
export type Vendor = 'HL_CONNECT' | 'BOKNETT_DDS';

export const VENDOR_DISPLAY_NAME: Record<Vendor, string> = {
  HL_CONNECT: 'HL Connect',
  BOKNETT_DDS: 'Boknett DDS',
};
