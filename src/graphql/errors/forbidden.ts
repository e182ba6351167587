import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';

/** The caller is known but may not do this: the field answers null with this error. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}
