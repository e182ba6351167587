/** What a request's path and query are resolved against; never shown or used as a host. */
const BASE = 'http://gateway.invalid';
/** A `%` not followed by two hex digits (RFC 3986 pct-encoded). */
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * The path and query of a request target, or undefined when it is not one a gateway
 * serves. Origin-form (`/graphql?x`, even `//graphql`) is always read as a path;
 * absolute-form (`http://host/graphql`) is accepted when it is a valid http(s) URL;
 * anything else (`*`, `host:443`, `http://[`), or bad percent-encoding anywhere, is not.
 * Never throws.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (!target || BAD_PERCENT.test(target)) return undefined;
  try {
    if (target.startsWith('/')) return new URL(`${BASE}${target}`);
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
