import type { SimRequest, SimResponse } from '../../simulator-kit';
import type { CredentialStore } from './auth-routes';
import { errorResponse } from './errors';

export interface RequestCheckContext {
  credentials: CredentialStore;
  maxDateSkewMs: number;
  now: () => number;
}

/** What the route can answer with; the status page can also speak XML. */
export type Produces = 'json' | 'json-or-xml';

export type CheckResult = { ok: true; format: 'json' | 'xml' } | { ok: false; response: SimResponse };

/**
 * The checks every DDS API call goes through, in this order:
 * Authorization (401), Date (400), Accept (406).
 */
export function checkApiRequest(req: SimRequest, ctx: RequestCheckContext, produces: Produces = 'json'): CheckResult {
  const authProblem = checkAuthorization(header(req, 'authorization'), ctx.credentials);
  if (authProblem) return { ok: false, response: errorResponse(401, authProblem) };

  const date = header(req, 'date');
  const sentAt = date === undefined ? undefined : parseRfc1123Date(date);
  if (sentAt === undefined) {
    return { ok: false, response: errorResponse(400, 'missing or invalid Date header (RFC 1123, e.g. "Tue, 10 Jun 2014 16:23:42 GMT")') };
  }
  if (Math.abs(sentAt - ctx.now()) > ctx.maxDateSkewMs) {
    return { ok: false, response: errorResponse(400, `stale Date header: ${date} is too far from the server time`) };
  }

  const format = negotiate(header(req, 'accept'), produces);
  if (!format) {
    const offered = produces === 'json' ? 'application/json' : 'application/json or application/xml';
    return { ok: false, response: errorResponse(406, `cannot answer with any type in Accept: ${header(req, 'accept') ?? ''}; offered: ${offered}`) };
  }
  return { ok: true, format };
}

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Returns the problem with the Authorization header, or undefined when it carries live credentials. */
function checkAuthorization(value: string | undefined, store: CredentialStore): string | undefined {
  if (!value) return 'missing Authorization header';
  const match = /^(\S+)\s+(\S+)$/.exec(value.trim());
  if (!match) return 'malformed Authorization header';
  const scheme = (match[1] ?? '').toLowerCase();
  const credential = match[2] ?? '';
  if (scheme === 'boknett') {
    if (!credential.startsWith('TGT-')) return 'malformed ticket: expected "Boknett TGT-…"';
    return store.isLiveTicket(credential) ? undefined : 'unknown, revoked or expired ticket';
  }
  if (scheme === 'bearer') return store.isLiveToken(credential) ? undefined : 'unknown, revoked or expired access token';
  return `unsupported Authorization scheme ${match[1] ?? ''}; use "Boknett TGT-…" or "Bearer <token>"`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Parses the fixed RFC 1123 form HTTP uses (`Tue, 10 Jun 2014 16:23:42 GMT`), strictly:
 * two-digit day, GMT only, a real calendar date and time, and the weekday must match.
 * Returns epoch ms, or undefined.
 */
export function parseRfc1123Date(value: string): number | undefined {
  const m = RFC1123.exec(value);
  if (!m) return undefined;
  const [, weekday, dd, mon, yyyy, hh, mi, ss] = m;
  const day = Number(dd);
  const month = MONTHS.indexOf(mon ?? '');
  const year = Number(yyyy);
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  const parsed = new Date(ms);
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month || parsed.getUTCDate() !== day) return undefined;
  if (WEEKDAYS[parsed.getUTCDay()] !== weekday) return undefined;
  return ms;
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(value: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of value.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const [type, subtype] = range.toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const param of params) {
      const [name, raw] = param.split('=').map((s) => s.trim());
      if (name?.toLowerCase() === 'q' && raw !== undefined) {
        const n = Number(raw);
        q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The quality the Accept ranges give a media type; the most specific matching range wins. */
function quality(ranges: MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } | undefined;
  for (const range of ranges) {
    let specificity: number;
    if (range.type === type && range.subtype === subtype) specificity = 2;
    else if (range.type === type && range.subtype === '*') specificity = 1;
    else if (range.type === '*' && range.subtype === '*') specificity = 0;
    else continue;
    if (!best || specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best?.q ?? 0;
}

/** JSON when Accept allows it (or is absent); XML when only XML is allowed and the route speaks it. */
function negotiate(accept: string | undefined, produces: Produces): 'json' | 'xml' | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = parseAccept(accept);
  const json = quality(ranges, 'application/json');
  if (produces === 'json') return json > 0 ? 'json' : undefined;
  const xml = Math.max(quality(ranges, 'application/xml'), quality(ranges, 'text/xml'));
  if (json > 0 && json >= xml) return 'json';
  if (xml > 0) return 'xml';
  return undefined;
}

/** `Content-Type` without parameters, lower-cased ('' when absent). */
export function contentMediaType(req: SimRequest): string {
  return (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
