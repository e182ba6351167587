import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestContext } from '../observability/request-context';

/**
 * Keys never written to a log, whatever object carries them, up to two levels deep
 * (`{ headers: { authorization } }`, `{ input: { customer } }`): credentials, tokens,
 * secrets, buyers' names and IP addresses.
 */
export const REDACTED_KEYS = [
  'authorization',
  'x-api-key',
  'apiKey',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'password',
  'secret',
  'clientSecret',
  'customer',
  'firstName',
  'lastName',
  'customerIp',
  'callerIp',
  'remoteAddress',
  'ip',
];

/** Pino redact paths for REDACTED_KEYS at the top level and one or two objects down. */
export const REDACTED_PATHS = REDACTED_KEYS.flatMap((key) => {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [segment.startsWith('.') ? key : segment, `*${segment}`, `*.*${segment}`];
});

/** JSON logs to stdout, or to `destination` (tests capture them to search for secrets). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'purchase-gateway' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Every line written while serving a request says which (a vendor's refusal, an upstream failure…).
      mixin: requestIdOfLine,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    destination,
  );
}

function requestIdOfLine(): { requestId?: string } {
  const requestId = currentRequestContext()?.requestId;
  return requestId === undefined ? {} : { requestId };
}

/** Errors are logged by type, code and message only: a stack trace never reaches a log. */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
}
