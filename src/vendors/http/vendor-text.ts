/** Longest vendor message shown to a caller. */
const MAX_SHOWN_CHARS = 300;
/** Longest raw vendor text kept in a log line. */
const MAX_LOGGED_CHARS = 2_000;

// A stack frame: `at fn (/srv/app.js:10:5)`, `at /srv/app.js:10:5`, `at async fn (file:///x.mjs:1:2)`.
const STACK_FRAME = /\bat\s+(?:async\s+)?(?:[^\s()]+\s+)?\(?[^\s()]*:\d+(?::\d+)?\)?/g;
// Anything with a scheme: http(s), postgres, file, mongodb+srv…
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi;
// `user:password@host` without a scheme.
const USERINFO = /[^\s:@/]+:[^\s@/]+@[^\s/]+/g;
// Absolute file paths: two or more `/segments`, or a Windows drive path.
const FILE_PATH = /(?<![\w.])(?:\/[\w.@~-]+){2,}\/?|\b[A-Za-z]:\\[^\s"']+/g;
// `user:password@`, with or without a scheme before it: kept out of logs too.
const CREDENTIALS = /[^\s:@/]+:[^\s@/]+@/g;

/**
 * A vendor's refusal text as a buyer may see it: the vendor's words without URLs,
 * credentials, file paths or stack frames, whitespace collapsed, at most 300 characters.
 * Undefined when nothing worth showing is left (the caller then uses its own message).
 */
export function shownVendorText(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const cleaned = raw
    .replace(STACK_FRAME, ' ')
    .replace(URL_LIKE, ' ')
    .replace(USERINFO, ' ')
    .replace(FILE_PATH, ' ')
    .replace(/\s+/g, ' ')
    // Punctuation orphaned by what was removed: "at ( )", "…: ,".
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return undefined;
  return cleaned.length <= MAX_SHOWN_CHARS ? cleaned : `${cleaned.slice(0, MAX_SHOWN_CHARS - 1).trimEnd()}…`;
}

/** The raw text for a log line: credentials in URLs masked, length capped. */
export function loggedVendorText(raw: string): string {
  const masked = raw.replace(CREDENTIALS, '***@');
  return masked.length <= MAX_LOGGED_CHARS ? masked : `${masked.slice(0, MAX_LOGGED_CHARS)}…`;
}
