import type { KnownSecrets } from './known-secrets';

/** Longest vendor message shown to a caller. */
const MAX_SHOWN_CHARS = 300;
/** Longest vendor text kept in a log line. */
const MAX_LOGGED_CHARS = 2_000;
/** What stands in a log line for what was masked. */
const REDACTED = '[redacted]';

// A credential's name: `password`, `client_secret`, `x-api-key`, `auth_token`… (not `author`).
const CREDENTIAL_NAME = String.raw`[\w-]*?(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth(?:orization)?|credentials?|signature|session)(?:[_-][\w-]*)?`;
// `"password": "…"` in a JSON body.
const CREDENTIAL_FIELD = new RegExp(String.raw`"${CREDENTIAL_NAME}"\s*:\s*"(?:[^"\\]|\\.)*"`, 'gi');
// `password=…`, `api_key = …`, `token:…`.
const CREDENTIAL_PAIR = new RegExp(String.raw`\b${CREDENTIAL_NAME}(?:\s*=\s*|:(?!\s))[^\s&;,"'<>]+`, 'gi');
// `Bearer …`, `Basic …` and DDS tickets (`TGT-…`).
const CREDENTIAL_SCHEME = /\b(?:[Bb]earer|Basic)\s+[^\s;,"'<>]+|\bTGT-[\w.-]+/g;
// A stack frame: `at fn (/srv/app.js:10:5)`, `at /srv/app.js:10:5`, `at async fn (file:///x.mjs:1:2)`.
const STACK_FRAME = /\bat\s+(?:async\s+)?(?:[^\s()]+\s+)?\(?[^\s()]*:\d+(?::\d+)?\)?/g;
// Anything with a scheme: http(s), postgres, file, mongodb+srv…
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi;
// `user:password@host` without a scheme.
const USERINFO = /[^\s:@/]+:[^\s@/]+@[^\s/]+/g;
// Absolute file paths: two or more `/segments`, or a Windows drive path.
const FILE_PATH = /(?<![\w.])(?:\/[\w.@~-]+){2,}\/?|\b[A-Za-z]:\\[^\s"']+/g;

/** Credentials before what may contain them (a frame's path, a URL), in this order. */
const LEAKS = [CREDENTIAL_FIELD, CREDENTIAL_PAIR, CREDENTIAL_SCHEME, STACK_FRAME, URL_LIKE, USERINFO, FILE_PATH];

/** `text` with the gateway's secrets, credentials, stack frames, URLs and file paths each replaced by `[redacted]`. */
function masked(text: string, secrets: KnownSecrets): string {
  return LEAKS.reduce((out, leak) => out.replace(leak, REDACTED), secrets.mask(text, REDACTED));
}

/**
 * A vendor's refusal text as a buyer may see it: the vendor's words without the gateway's
 * secrets, credentials, URLs, file paths or stack frames, whitespace collapsed, at most
 * 300 characters. Undefined when nothing worth showing is left (the caller then uses its own message).
 */
export function shownVendorText(raw: string | null | undefined, secrets: KnownSecrets): string | undefined {
  if (!raw) return undefined;
  const cleaned = masked(raw, secrets)
    .replaceAll(REDACTED, ' ')
    .replace(/\s+/g, ' ')
    // Punctuation orphaned by what was removed: "at ( )", "…: ,".
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return undefined;
  return cleaned.length <= MAX_SHOWN_CHARS ? cleaned : `${cleaned.slice(0, MAX_SHOWN_CHARS - 1).trimEnd()}…`;
}

const PERSONAL_NAME = 'customer(?:_?ip)?|first_?name|last_?name|ip';
// A buyer's name or IP address a vendor echoes back: `"firstname": "…"` in JSON, `lastname=…` in text.
const PERSONAL_FIELD = new RegExp(String.raw`"(${PERSONAL_NAME})"\s*:\s*"(?:[^"\\]|\\.)*"`, 'gi');
const PERSONAL_PAIR = new RegExp(String.raw`\b(${PERSONAL_NAME})\s*=\s*[^\s&;,)"']+`, 'gi');

/**
 * The vendor's text for a log line: as sent, with what the buyer never sees masked as `[redacted]`,
 * and buyers' names and IP addresses too (as the logger's own redaction does): the values the
 * request carried (`personal`) wherever they appear, and any named field's; length capped.
 */
export function loggedVendorText(raw: string, secrets: KnownSecrets, personal: readonly (string | null | undefined)[] = []): string {
  let text = masked(raw, secrets).replace(PERSONAL_FIELD, `"$1":"${REDACTED}"`).replace(PERSONAL_PAIR, `$1=${REDACTED}`);
  for (const value of personal) {
    const trimmed = value?.trim();
    // Two characters at least: a single letter would mask half the text.
    if (trimmed && trimmed.length >= 2) text = text.replaceAll(trimmed, REDACTED);
  }
  return text.length <= MAX_LOGGED_CHARS ? text : `${text.slice(0, MAX_LOGGED_CHARS)}…`;
}
