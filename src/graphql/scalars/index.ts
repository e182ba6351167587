import { GraphQLDateTime, GraphQLJSON, GraphQLSafeInt } from 'graphql-scalars';

/** Whole numbers from -(2^53-1) to 2^53-1: every id the vendors use fits without loss. */
export const SafeInt = GraphQLSafeInt;
export const DateTime = GraphQLDateTime;
export const JsonScalar = GraphQLJSON;
export { Decimal } from './decimal.scalar';
