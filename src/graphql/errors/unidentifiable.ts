import { GraphQLError } from 'graphql';
import { VENDOR_DISPLAY_NAME, type Vendor } from '../../domain';
import { ErrorCode } from './error-codes';

/** A vendor record without the key its global id is made of: it cannot be told apart from others. */
export function unidentifiable(vendor: Vendor, missingKey: string): GraphQLError {
  return new GraphQLError(`${VENDOR_DISPLAY_NAME[vendor]} sent a record without ${missingKey}; it has no id.`, {
    extensions: { code: ErrorCode.UPSTREAM_BAD_RESPONSE, vendor },
  });
}
