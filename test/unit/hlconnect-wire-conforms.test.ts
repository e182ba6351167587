import { z } from 'zod';
import { conformsTo } from '../../src/vendors/hlconnect/conforms';
import { hlConnectDefaultCatalogue } from '../../src/vendors/hlconnect/simulator/catalogue';
import { assetsListWire } from '../../src/vendors/hlconnect/wire';

/** Values of every JSON kind, and numbers zod's `int` and `number` tell apart. */
const SAMPLES: unknown[] = [null, undefined, 'text', '', 7, -0, 1.5, 2 ** 53, Number.MAX_VALUE * 10, true, false, [], ['x'], [1], [{}], {}, { x: 1 }];

/** Every path to a value in `json`, list items included. */
function pathsOf(json: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (json === null || typeof json !== 'object') return [at];
  const entries: [string | number, unknown][] = Array.isArray(json) ? json.map((item, i) => [i, item]) : Object.entries(json);
  return [at, ...entries.flatMap(([key, value]) => pathsOf(value, [...at, key]))];
}

function withValueAt(json: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
  return copy;
}

describe('a wire schema compiled to a conformance check', () => {
  const conforms = conformsTo(assetsListWire);
  // Two assets of the built-in catalogue: between them every field of the schema is filled.
  const catalogue = hlConnectDefaultCatalogue();
  const page = { assets: [catalogue[0], catalogue.find((a) => (a.usergens?.length ?? 0) > 0)], last_id: 1006, next_page: null };

  it('accepts the simulator’s catalogue as it is', () => {
    expect(conforms({ assets: catalogue, last_id: 1060, next_page: 'next' })).toBe(true);
    expect(conforms({})).toBe(true);
  });

  it('accepts keys the schema does not name, as zod does (it drops them; the mapping never reads them)', () => {
    expect(conforms({ ...page, extra: 1, assets: page.assets.map((asset) => ({ ...asset, extra: [1] })) })).toBe(true);
    expect(assetsListWire.safeParse({ ...page, extra: 1 }).success).toBe(true);
  });

  it('agrees with zod on every value of every kind at every place in a page', () => {
    const paths = pathsOf(page).filter((path) => path.length > 0);
    expect(paths.length).toBeGreaterThan(100);
    let disagreements: string[] = [];
    for (const path of paths) {
      for (const value of SAMPLES) {
        const body = withValueAt(page, path, value);
        const zodSays = assetsListWire.safeParse(body).success;
        if (conforms(body) !== zodSays) disagreements = [...disagreements, `${path.join('.')} = ${JSON.stringify(value)}: zod ${zodSays}`];
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses what is not a record, and what zod would change or check beyond types', () => {
    expect(conforms(null)).toBe(false);
    expect(conforms([])).toBe(false);
    expect(conformsTo(z.object({ a: z.string().min(1) }))({ a: 'x' })).toBe(false);
    expect(conformsTo(z.object({ a: z.string() }).strict())({ a: 'x' })).toBe(false);
    expect(conformsTo(z.object({ a: z.string().transform((s) => s.length) }))({ a: 'x' })).toBe(false);
    expect(conformsTo(z.object({ a: z.number().default(1) }))({})).toBe(false);
    expect(conformsTo(z.object({ a: z.string().refine((s) => s !== 'y') }))({ a: 'x' })).toBe(false);
    expect(conformsTo(z.object({ a: z.number().catch(1) }))({ a: 'x' })).toBe(false);
    expect(conformsTo(z.object({ a: z.string().pipe(z.string()) }))({ a: 'x' })).toBe(false);
  });
});
