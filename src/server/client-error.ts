import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { refuseOnSocket } from './send';

/** What node:http could not read as a request, by its error code: the status and our stable code. */
const ANSWERS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', 'The request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', 'The request line or headers are too large'],
};
const MALFORMED: [number, string, string] = [400, 'BAD_REQUEST', 'The request could not be read as HTTP'];

/**
 * node:http's `clientError`: a request it cannot parse, or one not received within the
 * timeouts. Answered like every other error (JSON, a stable code) and the connection
 * closed. A connection that has an answer already is only closed: one whose answer is being
 * written, and one whose request was answered before its body arrived, which closes as that
 * answer ends (`http-server.ts`) and so is no longer writable.
 */
export function answerClientError(logger: Logger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    const [status, code, message] = ANSWERS[error.code ?? ''] ?? MALFORMED;
    logger.debug({ code: error.code, status }, 'unreadable request refused');
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    refuseOnSocket(socket, status, message, code);
  };
}
