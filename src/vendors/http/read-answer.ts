import { errors, util, type Dispatcher } from 'undici';

/** A vendor's answer as read off the wire: status, parsed headers and the whole body as text. */
export interface RawAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface ReadAnswerOptions {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

/**
 * Sends one request and reads its whole body as text, as `pool.request()` then
 * `body.text()` would, without their per-call machinery: undici's request API builds an
 * async resource, a Readable stream and two promises for every call, all kept alive while
 * the vendor takes its time. Here one handler object collects the chunks. undici still
 * bounds the body (`maxResponseSize`), checks its length and publishes its diagnostics
 * channels; errors and aborts reach the caller as they would through `request()`.
 */
export function readAnswer(dispatcher: Dispatcher, options: ReadAnswerOptions): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new AnswerReader(options.signal, resolve, reject));
  });
}

/**
 * undici's dispatch handler for one request, in the callbacks (`onConnect` … `onComplete`)
 * undici's own request API implements and its core calls: a handler written in the newer
 * `onResponse*` form is wrapped per request in an adapter and a controller object.
 */
class AnswerReader implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason: Error) => void) | undefined;
  private reason: Error | undefined;
  private statusCode = 0;
  private headers: RawAnswer['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly signal: AbortSignal,
    private readonly resolve: (answer: RawAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    if (signal.aborted) {
      this.reason = abortReason(signal);
      return;
    }
    this.onAbort = () => {
      this.reason = abortReason(signal);
      this.abortRequest?.(this.reason);
    };
    signal.addEventListener('abort', this.onAbort);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.reason) abort(this.reason);
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, _statusText: string): boolean {
    // 1xx informational answers come before the real one.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.headers = util.parseHeaders(rawHeaders) as RawAnswer['headers'];
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(_trailers: string[] | null): void {
    this.stopListening();
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text: decode(this.chunks, this.length) });
  }

  onError(error: Error): void {
    this.stopListening();
    this.reject(error);
  }

  private stopListening(): void {
    if (this.onAbort) this.signal.removeEventListener('abort', this.onAbort);
  }
}

function abortReason(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new errors.RequestAbortedError();
}

/** UTF-8, a byte order mark skipped, as undici's `body.text()`. */
function decode(chunks: Buffer[], length: number): string {
  if (length === 0) return '';
  const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString('utf8', start);
}
