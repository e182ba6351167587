import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallCounter } from './call-counter';
import { FaultSwitch, type Fault } from './fault-switch';
import { compileRoutes, matchRoute, type Route, type SimRequest, type SimResponse } from './router';

export interface SimulatorServerOptions {
  /** Shown in error bodies and the `Server` header, e.g. `hlconnect-simulator`. */
  name: string;
  routes: Route[];
  /** Delay added before every answer, in ms. Default 0. */
  latencyMs?: number;
  /** Builds the body of a 404 for an unknown path or a 500 for a handler that threw. */
  errorBody?: (status: number, message: string) => unknown;
}

/** A request as the simulator received it: its route and headers. */
export interface ReceivedRequest {
  route: string;
  headers: IncomingHttpHeaders;
  /** When it arrived, epoch ms: calls per second as the vendor counts them. */
  at: number;
}

const RECEIVED_CAP = 500;

/** Where the simulator's own control API lives; never counted, never faulted. */
export const CONTROL_PREFIX = '/_simulator';

/**
 * A small real HTTP server shared by the vendor simulators: routing, call counters,
 * latency and fault switches, plus a control API so another process (a benchmark,
 * a second gateway) can read counters and flip faults over HTTP:
 *   GET/DELETE  /_simulator/calls     counters by route, reset
 *   POST/DELETE /_simulator/faults    inject a Fault (JSON body), clear all
 *   PUT         /_simulator/latency   {"ms": 20}
 */
export class SimulatorServer {
  readonly calls = new CallCounter();
  readonly faults = new FaultSwitch();
  /** The latest requests (not control calls) with their headers, oldest first (cap 500): what a vendor would see. */
  readonly received: ReceivedRequest[] = [];
  latencyMs: number;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly routes;
  private baseUrl: string | undefined;

  constructor(private readonly options: SimulatorServerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.routes = compileRoutes(options.routes);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) this.send(res, { status: 500, json: this.errorBody(500, 'simulator failure') });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 65_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** The origin the simulator listens on, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.options.name} is not listening`);
    return this.baseUrl;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private errorBody(status: number, message: string): unknown {
    return this.options.errorBody ? this.options.errorBody(status, message) : { status, message };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const rawBody = await readBody(req);
    if (url.pathname.startsWith(CONTROL_PREFIX)) return this.control(req.method ?? 'GET', url.pathname, rawBody, res);

    const match = matchRoute(this.routes, req.method ?? 'GET', url.pathname);
    const routeKey = match ? match.key : `${req.method} ${url.pathname}`;
    this.calls.record(routeKey);
    this.received.push({ route: routeKey, headers: req.headers, at: Date.now() });
    if (this.received.length > RECEIVED_CAP) this.received.shift();

    const fault = this.faults.take(routeKey);
    const delay = this.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0);
    if (delay > 0) await sleep(delay);
    if (fault && fault.when !== 'after' && this.applyFault(fault, req, res)) return;

    let response: SimResponse;
    if (!match) {
      response = { status: 404, json: this.errorBody(404, `no route ${req.method} ${url.pathname}`) };
    } else {
      const request: SimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        json: parseJson(rawBody),
        remoteAddress: normaliseIp(req.socket.remoteAddress ?? ''),
        baseUrl: this.baseUrl ?? '',
      };
      response = await match.route.handler(request);
    }
    if (fault?.when === 'after' && this.applyFault(fault, req, res)) return;
    this.send(res, response);
  }

  /** Returns true when the fault produced (or withheld) the whole answer. */
  private applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse): boolean {
    switch (fault.kind) {
      case 'status':
        this.send(res, { status: fault.status, json: fault.body ?? this.errorBody(fault.status, 'injected fault'), headers: fault.headers });
        return true;
      case 'malformed':
        this.send(res, { status: fault.status ?? 200, text: '{"truncated": [1, 2', headers: { 'content-type': 'application/json' } });
        return true;
      case 'wrong-shape':
        this.send(res, { status: fault.status ?? 200, json: fault.body ?? { unexpected: ['shape'] } });
        return true;
      case 'oversized':
        this.send(res, { status: 200, text: `["${'x'.repeat(fault.bytes ?? 5_000_000)}"]`, headers: { 'content-type': 'application/json' } });
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'hang': {
        // Never answer; the socket is released when the client gives up or the server closes.
        const timer = setTimeout(() => req.socket.destroy(), fault.ms ?? 600_000);
        req.socket.once('close', () => clearTimeout(timer));
        return true;
      }
      case 'delay':
        return false;
    }
  }

  private control(method: string, path: string, rawBody: string, res: ServerResponse): void {
    const body = parseJson(rawBody) as Record<string, unknown> | undefined;
    const route = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
    this.send(res, this.controlAnswer(route, body));
  }

  private controlAnswer(route: string, body: Record<string, unknown> | undefined): SimResponse {
    if (route === 'GET /calls') return { status: 200, json: { total: this.calls.total(), byRoute: this.calls.snapshot() } };
    if (route === 'DELETE /calls') {
      this.calls.reset();
      return { status: 204 };
    }
    if (route === 'POST /faults' && body && typeof body === 'object') {
      this.faults.inject(body as unknown as Fault);
      return { status: 204 };
    }
    if (route === 'DELETE /faults') {
      this.faults.clear();
      return { status: 204 };
    }
    if (route === 'PUT /latency' && body && typeof body.ms === 'number') {
      this.latencyMs = body.ms;
      return { status: 204 };
    }
    return { status: 404, json: { message: `unknown control call ${route}` } };
  }

  private send(res: ServerResponse, response: SimResponse): void {
    const headers: Record<string, string> = { server: this.options.name, ...(response.headers ?? {}) };
    let payload: string | Buffer | undefined;
    if (response.bytes !== undefined) {
      payload = response.bytes;
      headers['content-type'] ??= 'application/octet-stream';
    } else if (response.json !== undefined) {
      payload = JSON.stringify(response.json);
      headers['content-type'] ??= 'application/json';
    } else if (response.text !== undefined) {
      payload = response.text;
      headers['content-type'] ??= 'text/plain';
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    else headers['content-length'] = '0';
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IPv4 callers look like IPv4. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
