import { SimulatorServer, StateFile, type Route } from '../../simulator-kit';
import { authRoutes, CredentialStore, type BoknettCredentials } from './auth-routes';
import { contentRoutes, DownloadBook, fileRoutes, type SavedDownload } from './content-routes';
import { boknettErrorBody } from './errors';
import { OrderBook, orderRoutes, type BoknettSimulatorOrder } from './order-routes';
import type { RequestCheckContext } from './request-checks';

export interface BoknettSimulatorOptions {
  /** Legacy login user. Default `sandbox-user`. */
  username?: string;
  /** Legacy login password. Default `sandbox-password`. */
  password?: string;
  /** OAuth client id. Default `sandbox-client`. */
  clientId?: string;
  /** OAuth client secret. Default `sandbox-secret`. */
  clientSecret?: string;
  /** The only audience the OAuth client may ask for. Default `https://api.bokbasen.io/dds/`. */
  audience?: string;
  /** TGT lifetime in ms. Default 2 h. */
  ticketTtlMs?: number;
  /** OAuth `expires_in` in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Delay added before every answer, in ms. Default 0. */
  latencyMs?: number;
  /** How long a download stays `PROCESSING` before `READY`/`FAILED`, in ms. Default 1000. */
  downloadProcessingMs?: number;
  /** Lifetime of a download status page, in ms. Default 60 000. */
  statusTtlMs?: number;
  /** Largest accepted |Date header − now|, in ms. Default 15 min. */
  maxDateSkewMs?: number;
  /** The clock, in epoch ms. Default `Date.now`. */
  now?: () => number;
  /**
   * A JSON file that keeps placed orders and started downloads across restarts, read at
   * creation and written after every change. Default: memory only.
   */
  statePath?: string;
  /**
   * The base an order's `Location` names, e.g. `https://api.dds.boknett.no` as in the
   * contract's example (the legacy host, while the API itself is elsewhere). Default: the
   * simulator's own base URL.
   */
  contentLocationBase?: string;
  /**
   * Answer download status pages in XML (`downloadStatus{status, downloadURL}`, the form the
   * contract says public clients read) even when `Accept` asks for JSON. Default false.
   */
  statusPageXml?: boolean;
}

/** What the state file keeps. */
interface BoknettSavedState {
  orders: BoknettSimulatorOrder[];
  downloads: SavedDownload[];
}

export interface BoknettRequestLogEntry {
  /** The route key, e.g. `'POST /order'`. */
  route: string;
  date: string | undefined;
  authorization: string | undefined;
  /** When the request arrived, by the simulator's clock. */
  at: number;
}

export type BoknettSimulator = SimulatorServer & {
  /** Every API/auth request's Date and Authorization header as received, newest last (cap 1000). */
  readonly requestLog: ReadonlyArray<BoknettRequestLogEntry>;
  /** Orders placed, by orderid (wire-shaped: orderid, resid, spd, id, firstname, lastname, excerpt, subscription, fulfilmentId). */
  getOrder(orderid: string): BoknettSimulatorOrder | undefined;
  /** How often an order under `orderid` was refused because DDS already held one (409): a second send of a placed order. */
  duplicateOrders(orderid: string): number;
  /** Make every issued TGT invalid (next API call → 401). */
  revokeAllTickets(): void;
  /** Make every issued OAuth token invalid (next API call → 401). */
  revokeAllTokens(): void;
  readonly credentials: BoknettCredentials;
};

const REQUEST_LOG_CAP = 1000;

const DEFAULTS = {
  username: 'sandbox-user',
  password: 'sandbox-password',
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  audience: 'https://api.bokbasen.io/dds/',
  ticketTtlMs: 2 * 60 * 60 * 1000,
  tokenTtlSeconds: 3600,
  latencyMs: 0,
  downloadProcessingMs: 1000,
  statusTtlMs: 60_000,
  maxDateSkewMs: 15 * 60 * 1000,
} as const;

class BoknettSimulatorServer extends SimulatorServer implements BoknettSimulator {
  constructor(
    routes: Route[],
    latencyMs: number,
    private readonly log: BoknettRequestLogEntry[],
    private readonly orders: OrderBook,
    private readonly store: CredentialStore,
  ) {
    super({ name: 'boknett-simulator', routes, latencyMs, errorBody: boknettErrorBody });
  }

  get requestLog(): ReadonlyArray<BoknettRequestLogEntry> {
    return this.log;
  }

  get credentials(): BoknettCredentials {
    return { ...this.store.credentials };
  }

  getOrder(orderid: string): BoknettSimulatorOrder | undefined {
    const order = this.orders.get(orderid);
    return order && { ...order };
  }

  duplicateOrders(orderid: string): number {
    return this.orders.duplicates(orderid);
  }

  revokeAllTickets(): void {
    this.store.revokeAllTickets();
  }

  revokeAllTokens(): void {
    this.store.revokeAllTokens();
  }
}

/**
 * A Boknett DDS simulator: legacy ticket login, OAuth client credentials, orders,
 * subscription orders and content download, all on one origin. Call `listen()` to start.
 */
export function createBoknettSimulator(options: BoknettSimulatorOptions = {}): BoknettSimulator {
  const now = options.now ?? Date.now;
  const store = new CredentialStore({
    credentials: {
      username: options.username ?? DEFAULTS.username,
      password: options.password ?? DEFAULTS.password,
      clientId: options.clientId ?? DEFAULTS.clientId,
      clientSecret: options.clientSecret ?? DEFAULTS.clientSecret,
      audience: options.audience ?? DEFAULTS.audience,
    },
    ticketTtlMs: options.ticketTtlMs ?? DEFAULTS.ticketTtlMs,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
    now,
  });
  const orders = new OrderBook();
  const downloads = new DownloadBook();
  const stateFile = options.statePath === undefined ? undefined : new StateFile<BoknettSavedState>(options.statePath);
  const saved = stateFile?.read();
  for (const order of saved?.orders ?? []) orders.add(order);
  downloads.restore(saved?.downloads ?? []);
  const save = () => stateFile?.write({ orders: orders.all(), downloads: downloads.saved() });
  const ctx: RequestCheckContext = { credentials: store, maxDateSkewMs: options.maxDateSkewMs ?? DEFAULTS.maxDateSkewMs, now };
  const contentOptions = {
    downloadProcessingMs: options.downloadProcessingMs ?? DEFAULTS.downloadProcessingMs,
    statusTtlMs: options.statusTtlMs ?? DEFAULTS.statusTtlMs,
    statusPageXml: options.statusPageXml ?? false,
  };

  const log: BoknettRequestLogEntry[] = [];
  const logged = (route: Route): Route => ({
    ...route,
    handler: (req) => {
      log.push({ route: `${route.method} ${route.pattern}`, date: single(req.headers.date), authorization: single(req.headers.authorization), at: now() });
      if (log.length > REQUEST_LOG_CAP) log.splice(0, log.length - REQUEST_LOG_CAP);
      return route.handler(req);
    },
  });

  const routes: Route[] = [
    ...authRoutes(store).map(logged),
    ...orderRoutes(orders, ctx, save, options.contentLocationBase).map(logged),
    ...contentRoutes(orders, downloads, ctx, contentOptions, save).map(logged),
    // The prepared files are plain downloads, not API calls: counted, not logged.
    ...fileRoutes(downloads, ctx, contentOptions),
  ];
  return new BoknettSimulatorServer(routes, options.latencyMs ?? DEFAULTS.latencyMs, log, orders, store);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
