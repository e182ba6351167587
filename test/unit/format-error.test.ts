import { GraphQLError } from 'graphql';
import { createFormatError } from '../../src/graphql';
import { createLogger } from '../../src/server/logger';
import { UpstreamError } from '../../src/vendors/http';
import { LogCapture } from '../harness/log-capture';

describe('formatError', () => {
  const logs = new LogCapture();
  const formatError = createFormatError(createLogger('info', logs));
  const formatted = (message: string, code?: string) => ({
    message,
    path: ['order'],
    extensions: { ...(code ? { code } : {}), stacktrace: ['Error: x', '    at secret (/srv/app.js:1:1)'] },
  });

  it('masks an unexpected error and logs it without a stack', () => {
    const error = new Error('connection string postgres://user:pw@db/x');
    const out = formatError(formatted(error.message, 'INTERNAL_SERVER_ERROR'), new GraphQLError(error.message, { originalError: error, path: ['order'] }));
    expect(out).toEqual({ message: 'Internal server error', path: ['order'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logs.text).toContain('unexpected error');
    expect(logs.text).not.toContain('at secret');
    expect(logs.text).not.toMatch(/"stack"/);
  });

  it('turns an UpstreamError into its code and vendor, with a message that names no URL', () => {
    const error = new UpstreamError({ vendor: 'HL_CONNECT', operation: 'purchaseInfo', failure: 'TIMEOUT', mayHaveReachedVendor: true, detail: 'http://10.0.0.1/x' });
    const out = formatError(formatted(error.message), new GraphQLError(error.message, { originalError: error, path: ['order'] }));
    expect(out.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', vendor: 'HL_CONNECT' });
    expect(out.message).toBe('HL Connect did not answer in time.');
  });

  it('passes deliberate request errors through, without a stack trace', () => {
    const out = formatError(formatted('first must be from 1 to 100', 'BAD_USER_INPUT'), new GraphQLError('first must be from 1 to 100'));
    expect(out).toEqual({ message: 'first must be from 1 to 100', path: ['order'], locations: undefined, extensions: { code: 'BAD_USER_INPUT' } });
  });
});
