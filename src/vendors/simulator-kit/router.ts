import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  path: string;
  /** Values of `:name` segments in the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  json: unknown;
  /** The caller's address, IPv4-mapped addresses unwrapped. */
  remoteAddress: string;
  /** The simulator's own origin, for building absolute URLs. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** Bytes, for files; give their `content-type` in `headers`. */
  bytes?: Buffer;
}

export interface Route {
  method: string;
  /** A path with `:name` segments, e.g. `/content/:fulfilmentId`. */
  pattern: string;
  handler: (req: SimRequest) => SimResponse | Promise<SimResponse>;
}

export interface CompiledRoute {
  route: Route;
  key: string;
  segments: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => ({ route, key: `${route.method} ${route.pattern}`, segments: route.pattern.split('/') }));
}

export function matchRoute(routes: CompiledRoute[], method: string, path: string): { route: Route; key: string; params: Record<string, string> } | undefined {
  const parts = path.split('/');
  for (const compiled of routes) {
    if (compiled.route.method !== method || compiled.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = compiled.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return part !== '';
      }
      return segment === part;
    });
    if (ok) return { route: compiled.route, key: compiled.key, params };
  }
  return undefined;
}
