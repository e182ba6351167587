/** The request media types whose bodies are parsed as JSON (GraphQL over HTTP's, as Apollo reads them). */
const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/**
 * Whether a `Content-Type` names a JSON body: its type and subtype (case-insensitive,
 * RFC 9110), parameters such as `charset` allowed, compared exactly, so
 * `APPLICATION/JSON; charset=utf-8` is JSON and `application/jsonx` is not.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const essence = header.split(';', 1)[0]!.trim().toLowerCase();
  return JSON_TYPES.has(essence);
}
