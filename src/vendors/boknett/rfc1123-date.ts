/**
 * The `Date` header DDS requires on every request: the time of that request in RFC 1123
 * form (`Tue, 10 Jun 2014 16:23:42 GMT`). Computed per call, never once at start-up.
 */
export function rfc1123Date(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}
