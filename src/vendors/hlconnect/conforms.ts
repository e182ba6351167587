import Ajv from 'ajv';
import { z } from 'zod';

/**
 * A predicate compiled from a zod wire schema: true only when `schema.safeParse(value)`
 * would succeed and give back the value's own data (no transforms, defaults or checks
 * beyond whole numbers). Then the parsed JSON can be read as it is, without zod's copy of
 * every record and its per-field bookkeeping (a 50-asset catalogue page: about 200 µs and
 * most of a request's garbage). False says nothing more: the caller parses with zod, which
 * names the issue. A schema with a part outside `EXACT` compiles to "false" — correct, only slow.
 *
 * zod writes the schema as JSON Schema (what it accepts: `io: 'input'`, so objects keep
 * zod's leniency about unknown keys) and ajv compiles that into a validator.
 */
export function conformsTo(schema: z.ZodType): (value: unknown) => boolean {
  try {
    const jsonSchema = z.toJSONSchema(schema, { target: 'draft-07', io: 'input', unrepresentable: 'throw', override: refuseInexact });
    // Union types are how zod writes nullable fields; NaN and Infinity are numbers zod refuses.
    // zod's JSON Schema needs no check against the meta-schema, and ajv's optimising pass halves
    // start-up for no measurable speed (a 50-asset page: 25–35 instead of 55–100 ms to compile).
    const ajv = new Ajv({ allowUnionTypes: true, strictNumbers: true, messages: false, validateSchema: false, code: { optimize: false } });
    return ajv.compile(jsonSchema) as (value: unknown) => boolean;
  } catch {
    return () => false;
  }
}

/**
 * zod types whose JSON Schema is exactly what zod accepts and gives back unchanged. Others
 * are written loosely (a transform as its input type, a default or a catch as its inner
 * type, a pipe as one end), or need an unchanged value that zod's output is not.
 */
const EXACT = new Set(['string', 'number', 'boolean', 'null', 'optional', 'nullable', 'union', 'array', 'object']);

/**
 * Checks zod writes exactly. Refinements are left out of JSON Schema altogether, and
 * lengths are counted differently (ajv counts code points, zod UTF-16 units).
 */
function exactCheck(check: { _zod: { def: { check: string; format?: string } } }): boolean {
  return check._zod.def.check === 'number_format' && check._zod.def.format === 'safeint';
}

function refuseInexact({ zodSchema }: { zodSchema: { _zod: { def: unknown } } }): void {
  const def = zodSchema._zod.def as { type: string; checks?: { _zod: { def: { check: string; format?: string } } }[] };
  if (!EXACT.has(def.type) || !(def.checks ?? []).every(exactCheck)) throw new Error(`not read as is: ${def.type}`);
}
