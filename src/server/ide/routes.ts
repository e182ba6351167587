import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { RouteHandler } from '../http-server';
import { sendJson } from '../send';

const ASSETS = {
  '/ide/graphiql.js': { file: 'graphiql.js', type: 'text/javascript; charset=utf-8' },
  '/ide/graphiql.css': { file: 'graphiql.css', type: 'text/css; charset=utf-8' },
} as const;

/** Where `npm run build` puts the bundle: `dist/ide/` beside package.json, from the sources or the compiled code alike. */
export function ideAssetsDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return join(dir, 'dist', 'ide');
}

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
}

/**
 * The local GraphiQL: its page at `/graphiql` and its two files, served like the landing page
 * (no credential needed: they hold no data; the page's own requests to /graphql carry one).
 * The bundle is read once, at the first request; without it (`npm run build` not run) the
 * routes answer 503 saying so.
 */
export function ideRoutes(page: string, assetsDir = ideAssetsDir()): Record<string, RouteHandler> {
  let assets: Map<string, Asset> | undefined;
  const load = () => {
    assets ??= new Map(
      Object.entries(ASSETS).map(([path, { file, type }]) => [path, { type, body: readFileSync(join(assetsDir, file)), gzip: readFileSync(join(assetsDir, `${file}.gz`)) }]),
    );
    return assets;
  };
  const available = () => {
    try {
      load();
      return true;
    } catch {
      return false;
    }
  };
  const html = Buffer.from(page);

  const serve = (req: IncomingMessage, res: ServerResponse, send: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { errors: [{ message: 'Method not allowed', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    }
    if (!available()) {
      return sendJson(res, 503, { errors: [{ message: 'The GraphiQL bundle is not built: run `npm run build`', extensions: { code: 'IDE_NOT_BUILT' } }] });
    }
    send();
  };
  const end = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer) => {
    res.writeHead(status, { ...headers, 'content-length': body.length, 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const routes: Record<string, RouteHandler> = {
    '/graphiql': (req, res) =>
      serve(req, res, () => end(req, res, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, html)),
  };
  for (const path of Object.keys(ASSETS)) {
    routes[path] = (req, res) =>
      serve(req, res, () => {
        const asset = load().get(path)!;
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        end(
          req,
          res,
          200,
          { 'content-type': asset.type, 'cache-control': 'no-cache', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
          gzip ? asset.gzip : asset.body,
        );
      });
  }
  return routes;
}
