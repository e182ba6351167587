import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths never written to a log, whatever object carries them. */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'password',
  '*.password',
];

/** JSON logs to stdout, or to `destination` (tests capture them to search for secrets). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'purchase-gateway' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
