import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

export type IdeKind = 'sandbox' | 'graphiql';

export interface IdeOptions {
  /** What a browser's GET of `/` and `/graphql` shows; the local GraphiQL is at `/graphiql` either way. */
  ide: IdeKind;
  /** The operation the IDE opens with. */
  document: string;
  /** Headers pre-filled in the IDE: the dev key in sandbox mode. They go into the page and nowhere else. */
  headers?: Record<string, string>;
}

/** What the IDEs open with: answered by the simulators in sandbox mode, and needs only `catalog:read`. */
export const EXAMPLE_OPERATION = `# The vendors' health as the gateway sees it. Press the run button (or Ctrl-Enter).
query VendorHealth {
  vendorHealth {
    vendor
    component
    healthy
  }
}
`;

/**
 * The local GraphiQL's page. Its script and styles come from this gateway (dist/ide/, built by
 * `npm run build`), and its Content-Security-Policy lets it fetch from nowhere else. Relative
 * URLs, so the page works at `/`, `/graphql` and `/graphiql`, and behind a path prefix.
 */
export function graphiqlPage(options: Omit<IdeOptions, 'ide'>): string {
  const config = { endpoint: 'graphql', document: options.document, ...(options.headers ? { headers: options.headers } : {}) };
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // GraphiQL and CodeMirror position their panes with style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>GraphiQL · purchase gateway</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="ide/graphiql.css" />
    <style>
      body { margin: 0; }
      #graphiql { height: 100vh; }
    </style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script id="ide-config" type="application/json">${jsonForScript(config)}</script>
    <script src="ide/graphiql.js"></script>
  </body>
</html>
`;
}

/**
 * The landing page Apollo serves to a browser's GET of `/` and `/graphql`. Apollo Sandbox comes
 * from Apollo's CDN: when its script cannot be loaded (offline, blocked), the page goes to the
 * local GraphiQL instead of showing Apollo's "you might be offline" notice.
 */
export function landingPagePlugin<TContext extends object>(options: IdeOptions): ApolloServerPlugin<TContext> {
  if (options.ide === 'graphiql') {
    const html = graphiqlPage(options);
    return { serverWillStart: async () => ({ renderLandingPage: async () => ({ html }) }) };
  }
  const sandbox = ApolloServerPluginLandingPageLocalDefault({
    embed: { initialState: options.headers ? { sharedHeaders: options.headers } : {}, endpointIsEditable: false },
    document: options.document,
    footer: false,
  }) as ApolloServerPlugin<TContext>;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart!(service);
      return {
        async renderLandingPage() {
          const page = await listener!.renderLandingPage!();
          return { html: async () => withLocalFallback(typeof page.html === 'string' ? page.html : await page.html()) };
        },
      };
    },
  };
}

const OFFLINE_NOTICE = '<p>Apollo Sandbox cannot be loaded; it appears that you might be offline.</p>';

/**
 * Apollo's page loads the Sandbox script from its CDN, then an inline script starts it; when the
 * script failed, `EmbeddedSandbox` is not defined and the page goes to `graphiql` (the script runs
 * with the page's nonce: Apollo's Content-Security-Policy allows nothing else inline).
 */
export function withLocalFallback(html: string): string {
  const nonce = /'nonce-([0-9a-f]+)'/.exec(html)?.[1];
  if (!nonce || !html.includes('</body>') || !html.includes(OFFLINE_NOTICE)) {
    throw new Error('Apollo Sandbox landing page changed: cannot add the local GraphiQL fallback');
  }
  const fallback = `<script nonce="${nonce}">if (typeof window.EmbeddedSandbox !== 'function') window.location.replace('graphiql');</script>`;
  return html.replace(OFFLINE_NOTICE, `${OFFLINE_NOTICE}\n  <p><a href="graphiql">GraphiQL, served by this gateway</a></p>`).replace('</body>', `${fallback}\n  </body>`);
}

/** JSON inside a `<script>` element: nothing in it can close the element or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
