import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';

/** A query argument out of bounds (mutations report such problems as userErrors instead). */
export function badUserInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName } });
}
