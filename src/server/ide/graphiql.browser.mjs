// The local IDE, bundled by `npm run build` (scripts/build-ide.ts) into dist/ide/: GraphiQL
// and React from the npm registry, nothing fetched from anywhere but this gateway.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

/** What the page says (graphiql-page.ts): the endpoint, an example operation, headers to pre-fill. */
const config = JSON.parse(document.getElementById('ide-config').textContent);
const endpoint = new URL(config.endpoint, window.location.href).href;

/** Subscriptions go over WebSocket (graphql-ws) to the same path: ws://…/graphql. */
const subscriptionUrl = endpoint.replace(/^http/, 'ws');

function isSubscription(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName)?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** One socket per subscription, authenticated with the Headers pane as `connectionParams`; closed when it ends. */
function subscribe(params, headers) {
  return {
    subscribe(observer) {
      const client = createClient({ url: subscriptionUrl, connectionParams: headers ?? {}, retryAttempts: 0 });
      const unsubscribe = client.subscribe(params, {
        next: (value) => observer.next(value),
        complete: () => {
          observer.complete();
          void client.dispose();
        },
        error: (error) => {
          // A refused connection arrives as the socket's close: its reason carries the error code.
          const message = Array.isArray(error) ? null : error instanceof Error ? error.message : `Socket closed with ${error.code} ${error.reason}`;
          if (message !== null) observer.error(new Error(message));
          else {
            observer.next({ errors: error });
            observer.complete();
          }
          void client.dispose();
        },
      });
      return {
        unsubscribe: () => {
          unsubscribe();
          void client.dispose();
        },
      };
    },
  };
}

/**
 * The Headers pane's headers; the page's own when GraphiQL sends none (its first schema
 * requests, made before it reads the pane), so that the editor gets the schema with the key.
 */
const headersOf = (options) => (options?.headers && Object.keys(options.headers).length > 0 ? options.headers : (config.headers ?? {}));

/** Queries and mutations as a plain POST; subscriptions over WebSocket. */
async function fetcher(params, options) {
  if (isSubscription(params)) return subscribe(params, headersOf(options));
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', ...headersOf(options) },
    body: JSON.stringify(params),
  });
  return response.json();
}

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.document,
    // Not kept in the browser's storage: the page always brings the current ones.
    defaultHeaders: config.headers ? JSON.stringify(config.headers, null, 2) : undefined,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: config.headers ? 'headers' : undefined,
  }),
);
