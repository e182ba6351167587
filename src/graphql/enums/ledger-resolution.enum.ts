import { registerEnumType } from 'type-graphql';

export const LedgerResolution = {
  SUCCEEDED: 'SUCCEEDED',
  NOT_APPLIED: 'NOT_APPLIED',
} as const;

registerEnumType(LedgerResolution, {
  name: 'LedgerResolution',
  description: 'What an operator learnt from the vendor about an entry the gateway could not settle.',
  valuesConfig: {
    SUCCEEDED: { description: 'The vendor has it: repeats answer from the record.' },
    NOT_APPLIED: { description: 'The vendor does not have it: the same key may be sent again.' },
  },
});

export type LedgerResolution = (typeof LedgerResolution)[keyof typeof LedgerResolution];
