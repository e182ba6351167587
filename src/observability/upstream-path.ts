/** `v1`, `v2`: API versions, not identifiers. */
const VERSION = /^v\d+$/i;

/**
 * A request path as a low-cardinality template for metric labels and span names: the
 * query is dropped and id-like segments (with a digit, or very long) become `:id`, e.g.
 * `/dds/content/9788205/status` → `/dds/content/:id/status`.
 */
export function pathTemplate(path: string): string {
  const bare = path.split('?', 1)[0] ?? '';
  return bare
    .split('/')
    .map((segment) => ((/\d/.test(segment) && !VERSION.test(segment)) || segment.length > 40 ? ':id' : segment))
    .join('/');
}
