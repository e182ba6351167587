import { isIP } from 'node:net';

/**
 * Small composable checks for request bodies and query strings. Each check collects every
 * problem it finds, each prefixed with its field path (`parts[1].asset_id`), so one answer
 * tells the caller everything that is wrong.
 */
export type Rule = (value: unknown, field: string) => string[];

export function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function rule(test: (value: unknown) => boolean, expected: string): Rule {
  return (value, field) => (test(value) ? [] : [`${field} must be ${expected}`]);
}

export const positiveInt = rule(isPositiveInt, 'a positive integer');
export const nonNegativeNumber = rule((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number >= 0');
export const nonEmptyString = rule((v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string');
export const ipAddress = rule((v) => typeof v === 'string' && isIP(v) !== 0, 'an IPv4 or IPv6 address');

export function optional(inner: Rule): Rule {
  return (value, field) => (value === undefined ? [] : inner(value, field));
}

export function arrayOf(fields: Record<string, Rule>): Rule {
  return (value, field) => (Array.isArray(value) ? value.flatMap((item, i) => objectProblems(item, fields, `${field}[${i}]`)) : [`${field} must be an array`]);
}

/** Every problem with a JSON object against its field rules; `path` is '' for the body itself. */
export function objectProblems(value: unknown, fields: Record<string, Rule>, path = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path || 'body'} must be a JSON object`];
  const record = value as Record<string, unknown>;
  return Object.entries(fields).flatMap(([name, check]) => check(record[name], path ? `${path}.${name}` : name));
}

/** A query parameter as an integer: undefined when absent, NaN when present but not an integer. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  return /^-?\d+$/.test(raw) && Number.isSafeInteger(value) ? value : Number.NaN;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Required positive-integer query parameters, read all at once. */
export function positiveIntParams<K extends string>(query: URLSearchParams, names: readonly K[]): Checked<Record<K, number>> {
  const values = {} as Record<K, number>;
  const problems: string[] = [];
  for (const name of names) {
    const value = intParam(query, name);
    if (isPositiveInt(value)) values[name] = value;
    else problems.push(`${name} must be a positive integer`);
  }
  return problems.length === 0 ? { ok: true, value: values } : { ok: false, message: problems.join('; ') };
}
