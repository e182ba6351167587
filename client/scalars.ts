/**
 * The gateway's custom scalars as TypeScript sees them on the wire (GraphQL Code Generator's
 * `scalars` config). Input and output are the same JSON values.
 */
export const GATEWAY_SCALARS = {
  /** Whole numbers within ±(2^53 − 1): order numbers, line ids, asset ids. */
  SafeInt: 'number',
  /** ISO 8601 date-time text, e.g. `2026-03-01T12:00:00.000Z`. */
  DateTime: 'string',
  /** Exact decimal text such as `"4.99"` (money amounts): never a float; input refuses numbers. */
  Decimal: 'string',
  /** Any JSON value (vendor records passed through). */
  JSON: 'unknown',
} as const;
