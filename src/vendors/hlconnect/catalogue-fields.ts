import type { OptionalField } from '../http';

/**
 * The optional catalogue field an issue in an `assets/list` body lies in, or undefined
 * when the issue fails the page. `assets.3.related_goods.0.prime_src` lies in
 * `related_goods.prime_src` of that related good; an element of a list of text
 * (`assets.3.countries.1`) in the whole list. An asset's own `asset_id` is its identity:
 * an asset whose id is not a whole number cannot be shown, bought or paged past, so it
 * fails the page, as does anything outside an asset (`last_id`, `next_page`, the list).
 */
export function catalogueFieldAt(path: readonly PropertyKey[]): OptionalField | undefined {
  const [list, index, name] = path;
  if (list !== 'assets' || typeof index !== 'number' || typeof name !== 'string') return undefined;
  if (name === 'asset_id' && path.length === 3) return undefined;
  let end = 2;
  for (let i = 3; i < path.length; i += 1) if (typeof path[i] === 'string') end = i;
  const at = path.slice(0, end + 1);
  const field = at
    .slice(2)
    .filter((key) => typeof key === 'string')
    .join('.');
  return { at, field };
}
