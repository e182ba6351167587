import type { z } from 'zod';

/**
 * A predicate compiled from a zod wire schema: true only when `schema.safeParse(value)`
 * would succeed and give back the value's own data (no transforms, defaults or checks
 * beyond whole numbers). Then the parsed JSON can be read as it is, without zod's copy of
 * every record and its per-field bookkeeping (a 50-asset catalogue page: about 200 µs and
 * most of a request's garbage). False says nothing more: the caller parses with zod, which
 * names the issue. A schema part it does not know compiles to "false" — correct, only slow.
 *
 * The check is generated code (`new Function`, as graphql-jit does): each field is a
 * property read and a `typeof`, with no closure call per field. Property names come from
 * the schema and are embedded as JSON string literals. ajv compiling zod's `z.toJSONSchema`
 * checked a page as fast, but took 35–40 ms of start-up against under 1 (bench/README.md,
 * "Measured and not taken"), and needed a guard of its own for what JSON Schema drops.
 */
export function conformsTo(schema: z.ZodType): (value: unknown) => boolean {
  const functions: string[] = [];
  const root = compile(schema as unknown as ZodNode, functions);
  const source = `${functions.join('\n')}\nreturn function conforms(v) { return ${root}; };`;
  return new Function(source)() as (value: unknown) => boolean;
}

/** The parts of zod 4's schema definitions this reads. */
interface ZodNode {
  _zod: {
    def: {
      type: string;
      checks?: { _zod: { def: { check?: string; format?: string } } }[];
      innerType?: ZodNode;
      element?: ZodNode;
      options?: ZodNode[];
      shape?: Record<string, ZodNode>;
      catchall?: unknown;
    };
  };
}

/** An expression true when `v` conforms to `node`; objects and arrays become functions of their own in `functions`. */
function compile(node: ZodNode, functions: string[]): string {
  const { def } = node._zod;
  const checks = def.checks ?? [];
  const onlyWholeNumberCheck = checks.every((c) => c._zod.def.check === 'number_format' && c._zod.def.format === 'safeint');
  if (def.type !== 'number' && checks.length > 0) return 'false';
  switch (def.type) {
    case 'string':
      return 'typeof v === "string"';
    case 'boolean':
      return 'typeof v === "boolean"';
    case 'number':
      if (!onlyWholeNumberCheck) return 'false';
      return checks.length > 0 ? 'Number.isSafeInteger(v)' : '(typeof v === "number" && Number.isFinite(v))';
    case 'optional':
      return `(v === undefined || ${compile(def.innerType!, functions)})`;
    case 'nullable':
      return `(v === null || ${compile(def.innerType!, functions)})`;
    case 'union':
      return `(${(def.options ?? []).map((option) => compile(option, functions)).join(' || ') || 'false'})`;
    case 'array': {
      const item = compile(def.element!, functions);
      const name = `f${functions.length}`;
      functions.push(
        `function ${name}(a) { if (!Array.isArray(a)) return false; for (let i = 0; i < a.length; i += 1) { const v = a[i]; if (!(${item})) return false; } return true; }`,
      );
      return `${name}(v)`;
    }
    case 'object': {
      // A catch-all (strict or passthrough objects) changes which keys are read: left to zod.
      if (def.catchall !== undefined) return 'false';
      const fields = Object.entries(def.shape ?? {}).map(([key, field]) => `v = o[${JSON.stringify(key)}]; if (!(${compile(field, functions)})) return false;`);
      const name = `f${functions.length}`;
      functions.push(`function ${name}(o) { if (typeof o !== "object" || o === null || Array.isArray(o)) return false; let v; ${fields.join(' ')} return true; }`);
      return `${name}(v)`;
    }
    default:
      return 'false';
  }
}
