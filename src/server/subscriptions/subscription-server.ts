import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getOperationAST, getVariableValues, GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Caller } from '../../domain';
import type { GatewayContext } from '../../graphql';
import { ErrorCode } from '../../graphql/errors/error-codes';
import type { CheckedOperation, OperationVerdict } from '../../graphql/limits';
import { AUTH_REFUSAL_MESSAGE, type Authenticator } from '../auth';
import { parseRequestTarget } from '../request-target';
import { refuseOnSocket } from '../send';
import { connectionCredential } from './connection-credential';
import { SubscriptionLog } from './subscription-log';
import { SubscriptionSlots } from './subscription-slots';

export interface SubscriptionServerOptions {
  /** The public listener: WebSocket upgrades of `paths` are taken from it. */
  server: Server;
  paths: readonly string[];
  schema: GraphQLSchema;
  authenticate: Authenticator;
  createContext: (req: IncomingMessage, caller: Caller) => GatewayContext;
  /** The depth, alias and cost limits HTTP operations get. */
  checkLimits: (operation: CheckedOperation) => OperationVerdict;
  /** Lexical tokens a document may have (MAX_QUERY_TOKENS). */
  maxTokens: number;
  /** Largest message a client may send (MAX_BODY_BYTES). */
  maxMessageBytes: number;
  maxPerConnection: number;
  maxTotal: number;
  /** The gateway's error masking (createFormatError). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  logger: Logger;
}

type WsContext = Context<Record<string, unknown>, Extra & Partial<Record<string, never>>>;

export interface SubscriptionServer {
  /** Subscriptions open now. */
  readonly active: number;
  /**
   * Refuses new connections and subscriptions, closes every socket with 1001 (going away),
   * and cuts those that have not closed within `timeoutMs` or CLOSE_HANDSHAKE_MS, the shorter.
   */
  close(timeoutMs: number): Promise<void>;
}

/** graphql-ws's keep-alive: a ping this often, and a connection without pong by the next one is cut. */
const KEEP_ALIVE_MS = 12_000;
/** Close reasons are at most 123 bytes. */
const MAX_CLOSE_REASON = 123;
/**
 * How long a socket told to go away may take to answer its close frame before it is cut. A
 * client that still reads answers within a round trip; one that stopped reading never does,
 * and a subscription carries no work worth waiting for.
 */
export const CLOSE_HANDSHAKE_MS = 2_000;

/**
 * GraphQL subscriptions over WebSocket (graphql-ws's `graphql-transport-ws` protocol) on
 * the same paths as HTTP. A connection authenticates once, at `connection_init`, with the
 * credential HTTP takes; each subscription is parsed, validated and checked against the
 * same limits as an HTTP operation, then runs with graphql-js (graphql-jit does not run
 * subscriptions), its errors masked as HTTP's are.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { server, schema, authenticate, createContext, checkLimits, maxTokens, formatError, logger } = options;
  const paths = new Set(options.paths);
  const slots = new SubscriptionSlots<Context>({ perConnection: options.maxPerConnection, total: options.maxTotal });
  const callers = new WeakMap<Context, Caller>();
  const log = new SubscriptionLog<Context>(logger);
  let closing = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket upgrade connection failed'));
    const url = parseRequestTarget(req.url);
    if (!url || !paths.has(url.pathname)) return refuseUpgrade(socket, 404, 'Not Found');
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const format = (error: GraphQLError): GraphQLFormattedError => {
    const { http: _http, ...extensions } = error.extensions ?? {};
    return formatError({ ...error.toJSON(), extensions }, error);
  };
  const refusal = (message: string, code: string): readonly GraphQLError[] => [new GraphQLError(message, { extensions: { code } })];

  /** Parses, validates and checks one subscription: its execution, or why it is refused. */
  const subscribe = (ctx: WsContext, id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
    if (closing) return refusal('The gateway is shutting down; subscribe again in a moment.', ErrorCode.SHUTTING_DOWN);
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens });
    } catch (error) {
      const syntax = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      return [new GraphQLError(syntax.message, { nodes: syntax.nodes, source: syntax.source, positions: syntax.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return refusal('The document names no single operation to run (give operationName).', 'OPERATION_RESOLUTION_FAILURE');
    if (operation.operation !== 'subscription') {
      return refusal(`Only subscriptions are served over WebSocket; send this ${operation.operation} over HTTP.`, ErrorCode.OPERATION_NOT_SUPPORTED);
    }
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (variables.errors) return variables.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
    const { refused: limited } = checkLimits({
      schema,
      document,
      operation,
      variables: payload.variables ?? undefined,
      operationKey: `${sha256(payload.query)}:${payload.operationName ?? ''}`,
    });
    if (limited) return [limited];

    const refused = slots.take(ctx, id);
    if (refused === 'connection') {
      return refusal(`This connection holds ${options.maxPerConnection} subscriptions, as many as one may (MAX_SUBSCRIPTIONS_PER_CONNECTION).`, ErrorCode.TOO_MANY_SUBSCRIPTIONS);
    }
    if (refused === 'total') {
      return refusal('The gateway holds as many subscriptions as it may (MAX_SUBSCRIPTIONS_TOTAL); try again later.', ErrorCode.TOO_MANY_SUBSCRIPTIONS);
    }
    const caller = callers.get(ctx)!;
    const contextValue = createContext(ctx.extra.request, caller);
    log.started(ctx, id, { requestId: contextValue.requestId, caller: caller.name, operation: payload.operationName ?? operation.name?.value ?? 'anonymous' });
    const args: ExecutionArgs = { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null, contextValue };
    return args;
  };

  // biome-ignore lint/correctness/useHookAtTopLevel: graphql-ws's useServer is a function that attaches to a ws server, not a React hook
  useServer<Record<string, unknown>, Record<string, never>>(
    {
      schema,
      isProd: true,
      async onConnect(ctx) {
        const request = ctx.extra.request;
        const result = await authenticate({ headers: connectionCredential(ctx.connectionParams, request.headers) });
        if (result.ok) {
          callers.set(ctx, result.caller);
          return true;
        }
        logger[result.reason === 'keys-unavailable' ? 'warn' : 'info']({ reason: result.reason }, 'WebSocket connection refused: caller not authenticated');
        // 4401 tells graphql-ws clients not to retry; 1013 (try again later) that they may.
        const code = result.reason === 'keys-unavailable' ? 1013 : CloseCode.Unauthorized;
        ctx.extra.socket.close(code, closeReason(`${ErrorCode.UNAUTHENTICATED}: ${AUTH_REFUSAL_MESSAGE[result.reason]}`));
        return false;
      },
      onSubscribe(ctx, id, payload) {
        try {
          return subscribe(ctx, id, payload);
        } catch (error) {
          // graphql-ws would close the whole connection (4500) and print the stack to stderr.
          logger.error({ err: error }, 'unexpected error while checking a subscription');
          return refusal('The subscription could not be checked.', ErrorCode.INTERNAL_SERVER_ERROR);
        }
      },
      onNext(ctx, id, _payload, _args, result) {
        const errors = result.errors?.map(format);
        log.sent(ctx, id, errors);
        return errors ? { ...result, errors } : undefined;
      },
      onError(ctx, id, payload, errors) {
        slots.release(ctx, id);
        const formatted = errors.map(format);
        if (!log.ended(ctx, id, 'error', formatted)) log.refused(callers.get(ctx)?.name, payload.operationName ?? undefined, formatted);
        return formatted;
      },
      onComplete(ctx, id) {
        slots.release(ctx, id);
        log.ended(ctx, id, 'complete');
      },
      onClose(ctx) {
        slots.releaseAll(ctx);
        log.closed(ctx);
      },
    },
    wss,
    KEEP_ALIVE_MS,
  );

  return {
    get active() {
      return slots.active;
    },
    async close(timeoutMs) {
      closing = true;
      await Promise.all([...wss.clients].map((socket) => goAway(socket, Math.min(timeoutMs, CLOSE_HANDSHAKE_MS))));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Sends 1001 (going away) and waits for the close handshake; a socket still open after `timeoutMs` is cut. */
function goAway(socket: WebSocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    const deadline = setTimeout(() => socket.terminate(), timeoutMs);
    socket.once('close', () => {
      clearTimeout(deadline);
      resolve();
    });
    socket.close(1001, 'Going away');
  });
}

function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_CLOSE_REASON) return text;
  return `${bytes
    .subarray(0, MAX_CLOSE_REASON - 3)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}...`;
}

/** An upgrade not taken, refused as every other request is: JSON with a stable code, then closed. */
function refuseUpgrade(socket: Duplex, status: 404 | 503, message: string): void {
  refuseOnSocket(socket, status, message, status === 404 ? 'NOT_FOUND' : ErrorCode.SHUTTING_DOWN);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
