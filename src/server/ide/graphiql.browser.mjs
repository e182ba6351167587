// The local IDE, bundled by `npm run build` (scripts/build-ide.ts) into dist/ide/: GraphiQL
// and React from the npm registry, nothing fetched from anywhere but this gateway.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

/** What the page says (graphiql-page.ts): the endpoint, an example operation, headers to pre-fill. */
const config = JSON.parse(document.getElementById('ide-config').textContent);
const endpoint = new URL(config.endpoint, window.location.href).href;

/** A plain POST: queries and mutations only, which is all the gateway serves. */
async function fetcher(params, options) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', ...options?.headers },
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
