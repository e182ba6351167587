import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { MAX_DECIMAL_DIGITS, isDecimal } from '../../domain';

const RULE = `an exact decimal as a string, such as "9.50": digits, an optional "." and fraction, at most ${MAX_DECIMAL_DIGITS} digits`;

function parse(value: unknown): string {
  // Numbers are refused: a JSON or GraphQL float may already have lost the exact amount.
  if (typeof value !== 'string' || !isDecimal(value)) throw new GraphQLError(`Decimal must be ${RULE}.`);
  return value;
}

/** Money and other exact amounts, as decimal text both ways (never a binary float). */
export const Decimal = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: `An exact decimal number, written as a string such as "9.50" (${MAX_DECIMAL_DIGITS} significant digits at most).`,
  serialize(value) {
    if (typeof value !== 'string' || !isDecimal(value)) throw new GraphQLError('Decimal cannot represent this value.');
    return value;
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`Decimal must be ${RULE}.`, { nodes: ast });
    return parse(ast.value);
  },
});
