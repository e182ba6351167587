import type { z } from 'zod';
import type { Vendor } from '../../domain';
import { NOT_PROCESSED } from './status-meaning';
import { UpstreamError } from './upstream-error';
import type { VendorResponse } from './vendor-http-client';

/** A field's place in a body and the name it is counted under, e.g. `related_goods.prime_src`. */
export interface OptionalField {
  at: readonly PropertyKey[];
  field: string;
}

/** How to read a body leniently: which issues lie in an optional field, and who hears of each one dropped. */
export interface LenientParseOptions {
  /** The optional field an issue at `path` lies in, or undefined when the issue fails the whole body. */
  optionalFieldAt: (path: readonly PropertyKey[]) => OptionalField | undefined;
  /** Told once per value read as null. */
  onDropped: (field: string) => void;
}

/**
 * Validates a vendor body against its wire schema; a mismatch is BAD_RESPONSE, never a
 * crash. With `lenient`, an optional field of a type the schema does not expect is read
 * as null instead: a conforming body costs the same single pass, and only a body with
 * issues is copied, repaired and read again. An issue outside every optional field (a
 * required id, the body's own shape) is BAD_RESPONSE all the same.
 */
export function parseWire<S extends z.ZodType>(schema: S, response: VendorResponse, vendor: Vendor, operation: string, lenient?: LenientParseOptions): z.output<S> {
  const result = schema.safeParse(response.json);
  if (result.success) return result.data;
  if (!lenient) throw badBody(response, vendor, operation, result.error.issues[0]);

  const dropped = new Map<string, OptionalField>();
  for (const issue of result.error.issues) {
    const field = lenient.optionalFieldAt(issue.path);
    if (!field) throw badBody(response, vendor, operation, issue);
    // One value may carry several issues (a union's alternatives): it is dropped once.
    dropped.set(field.at.map(String).join('\u0000'), field);
  }
  const json: unknown = structuredClone(response.json);
  for (const { at } of dropped.values()) setNull(json, at);
  const repaired = parseWire(schema, { ...response, json }, vendor, operation);
  for (const { field } of dropped.values()) lenient.onDropped(field);
  return repaired;
}

function setNull(json: unknown, at: readonly PropertyKey[]): void {
  let parent = json as Record<PropertyKey, unknown> | null | undefined;
  for (const key of at.slice(0, -1)) parent = parent?.[key] as Record<PropertyKey, unknown> | null | undefined;
  const last = at.at(-1);
  if (parent && typeof parent === 'object' && last !== undefined) parent[last] = null;
}

function badBody(response: VendorResponse, vendor: Vendor, operation: string, issue: z.core.$ZodIssue | undefined): UpstreamError {
  return new UpstreamError({
    vendor,
    operation,
    failure: 'BAD_RESPONSE',
    mayHaveReachedVendor: true,
    status: response.status,
    detail: `unexpected body for ${response.status}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
  });
}

/** A status the contract does not list for this operation. */
export function unexpectedStatus(response: VendorResponse, vendor: Vendor, operation: string): UpstreamError {
  const { status } = response;
  const detail = `status ${status}`;
  if (status === 401 || status === 403) {
    return new UpstreamError({ vendor, operation, failure: 'AUTH_FAILED', mayHaveReachedVendor: false, status, detail });
  }
  // Throttled: the vendor is unavailable to us for now (reads were already re-sent as Retry-After allowed).
  const failure = status >= 500 || status === 429 ? 'UNAVAILABLE' : 'BAD_RESPONSE';
  // A 5xx or an unknown status does not prove the vendor did nothing.
  return new UpstreamError({ vendor, operation, failure, mayHaveReachedVendor: !NOT_PROCESSED.has(status), status, detail });
}
