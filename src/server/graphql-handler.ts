import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../graphql';
import { isJsonContentType } from './media-type';
import { BodyTooLargeError, readBody } from './read-body';
import { sendJson } from './send';

export interface GraphQLHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  createContext: (req: IncomingMessage, requestId: string) => GatewayContext;
  maxBodyBytes: number;
}

/**
 * The HTTP adapter onto Apollo's transport-free seam `executeHTTPGraphQLRequest`:
 * node:http in, Apollo's HTTPGraphQLResponse out.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { apollo, createContext, maxBodyBytes } = options;

  return async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }

    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          return sendJson(res, 413, requestError(`Request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE'));
        }
        throw error;
      }
      if (isJsonContentType(headers.get('content-type'))) {
        try {
          body = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          return sendJson(res, 400, requestError('Request body is not valid JSON', 'BAD_REQUEST'));
        }
      } else {
        body = raw;
      }
    }

    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => createContext(req, requestId),
    });

    for (const [name, value] of result.headers) res.setHeader(name, value);
    // An IDE page Apollo renders (the landing page) holds the dev key in sandbox mode, as /graphiql does.
    if (result.headers.get('content-type')?.startsWith('text/html')) {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('referrer-policy', 'no-referrer');
    }
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      if (res.statusCode === 400 && isRequestErrorAsPlainJson(result.headers.get('content-type'), result.body.string)) res.statusCode = 200;
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** Apollo's GraphQL request errors: the document does not parse or validate, the variables do not coerce, no operation is chosen. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * GraphQL over HTTP: a well-formed request whose GraphQL request fails is answered 200 when
 * the response is `application/json` (the client did not ask for
 * `application/graphql-response+json`, whose 400 stays). Apollo answers 400 either way.
 * Only a response with no `data` and nothing but those codes is one; other 400s (CSRF,
 * persisted queries, the gateway's limits) stay.
 */
function isRequestErrorAsPlainJson(contentType: string | undefined, body: string): boolean {
  if (contentType?.split(';', 1)[0]?.trim().toLowerCase() !== 'application/json') return false;
  let parsed: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return false;
  }
  const { errors } = parsed;
  return !('data' in parsed) && Array.isArray(errors) && errors.length > 0 && errors.every((error) => REQUEST_ERROR_CODES.has(String(error?.extensions?.code)));
}

function requestError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}
