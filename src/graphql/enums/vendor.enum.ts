import { registerEnumType } from 'type-graphql';
import type { Vendor as DomainVendor } from '../../domain';

export const Vendor = {
  HL_CONNECT: 'HL_CONNECT',
  BOKNETT_DDS: 'BOKNETT_DDS',
} as const satisfies Record<DomainVendor, DomainVendor>;

registerEnumType(Vendor, {
  name: 'Vendor',
  description: 'A vendor behind the gateway.',
  valuesConfig: {
    HL_CONNECT: { description: 'HL Connect, Hal Leonard digital sheet music.' },
    BOKNETT_DDS: { description: 'Boknett DDS, Bokbasen e-book and audiobook distribution.' },
  },
});

export type Vendor = (typeof Vendor)[keyof typeof Vendor];
