import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Secret, secretsIn, type BoknettAuthConfig, type GatewayConfig } from './config';
import { buildGatewaySchema, createCheckoutUpdates, createFormatError, createLoaders, createOrderUpdates, type GatewayServices } from './graphql';
import { operationLimits } from './graphql/limits';
import { createApollo } from './server/apollo';
import { createAuthenticator, createCallerGuard } from './server/auth';
import { createCallerIpResolver } from './server/caller-ip';
import { withCors } from './server/cors';
import { createFleet, PERSISTED_QUERY_TTL_S } from './fleet';
import { createGraphQLHandler } from './server/graphql-handler';
import { graphiqlPage, ideOptions, ideRoutes } from './server/ide';
import { closeGracefully } from './server/graceful-close';
import { createHttpServer } from './server/http-server';
import { requestIdFrom } from './server/request-id';
import { createSubscriptionServer } from './server/subscriptions';
import { createLogger } from './server/logger';
import { sendJson } from './server/send';
import { openLedger, type Ledger } from './ledger';
import { droppedFieldReporter, Telemetry } from './observability';
import { metricsRoute } from './server/metrics-route';
import { operationTelemetryPlugin } from './server/plugins/operation-telemetry.plugin';
import { sharedAnswersPlugin } from './server/plugins/shared-answers.plugin';
import { rateLimitAdmission } from './server/rate-limit-admission';
import { createReadiness } from './server/readiness';
import { readinessChecks } from './server/readiness-checks';
import { ShutdownSequence } from './server/shutdown-sequence';
import { hlConnectCheck, LedgerWorker, PreparedCheckouts } from './purchases';
import { createBoknettClient } from './vendors/boknett';
import { KnownSecrets, VendorHttpClient, type VendorResilienceOptions } from './vendors/http';
import { HlConnectClient } from './vendors/hlconnect';

export interface Gateway {
  /** Where the gateway listens, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** Where Prometheus metrics are served (`{metricsUrl}/metrics`), on a listener of their own; absent when METRICS_ENABLED=false. */
  metricsUrl?: string;
  /** What runs in sandbox mode instead of a real vendor, by vendor. */
  sandbox: { hlconnect?: string; boknett?: string };
  /** The purchase ledger the gateway writes to. */
  ledger: Ledger;
  /**
   * Answers `/readyz` 503 from now on, stops accepting and closes the subscriptions, lets
   * requests in flight finish (within SHUTDOWN_TIMEOUT_MS), then closes the rest in
   * SHUTDOWN_STAGES order; calling it again waits for the same close.
   */
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** The clock for vendor credential lifetimes, `Date` headers and timestamps, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** The one place that wires config → vendors → schema → HTTP. */
export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const shutdown = new ShutdownSequence(logger);
  const sandbox: Gateway['sandbox'] = {};

  try {
    // Closed last, so that the spans of everything else are exported.
    const telemetry = new Telemetry({ processMetrics: config.observability.metricsEnabled, tracing: config.observability.tracing });
    shutdown.add('telemetry', () => telemetry.close());

    // What the replicas share (Redis, or this process's memory without REDIS_URL): never required to serve.
    const limitsCallers = config.access.defaultRateLimit !== undefined || config.access.apiKeys.some((key) => key.rateLimit);
    const fleet = await createFleet({
      config: config.fleet,
      limitsCallers,
      ...(config.access.defaultRateLimit ? { defaultRateLimit: config.access.defaultRateLimit } : {}),
      logger,
      metrics: telemetry.metrics,
    });
    if (fleet.redis) shutdown.add('redis', () => fleet.close());

    let hlBaseUrl: string;
    let hlToken: Secret;
    if (config.hlconnect.mode === 'live') {
      hlBaseUrl = config.hlconnect.baseUrl;
      hlToken = config.hlconnect.accessToken;
    } else {
      // Simulators are loaded only in sandbox mode: a production process never holds their code.
      const { createHlConnectSimulator } = require('./vendors/hlconnect/simulator') as typeof import('./vendors/hlconnect/simulator');
      const simulator = createHlConnectSimulator({ processingDelayMs: config.hlconnect.processingDelayMs, statePath: config.hlconnect.statePath });
      hlBaseUrl = await simulator.listen(0, '127.0.0.1');
      hlToken = new Secret(simulator.accessToken);
      shutdown.add('simulators', () => simulator.close());
      sandbox.hlconnect = hlBaseUrl;
    }

    // What no vendor text the gateway shows or logs may contain: every configured secret, the
    // simulators' credentials in sandbox mode, and (below) the DDS ticket or token in use.
    const secrets = new KnownSecrets().add(...secretsIn(config), hlToken);

    // Each vendor client gets its own breaker and bulkhead; reads are re-sent, mutations never.
    const resilience: VendorResilienceOptions = {
      resilience: config.resilience,
      onRetry: (event) => logger.debug(event, 'vendor read re-sent'),
      onCircuitChange: ({ vendor, state }) => logger[state === 'closed' ? 'info' : 'warn']({ vendor, circuit: state }, 'vendor circuit breaker changed'),
      onRefusal: (event) => logger.info(event, 'vendor refused a request'),
    };
    const hlQuota = fleet.quotas.HL_CONNECT;
    const hlHttp = new VendorHttpClient({ vendor: 'HL_CONNECT', baseUrl: hlBaseUrl, ...config.upstream, ...resilience, secrets, ...(hlQuota ? { quota: hlQuota } : {}) });
    shutdown.add('vendors', () => hlHttp.close());

    let boknettLive: { apiBaseUrl: string; auth: BoknettAuthConfig };
    if (config.boknett.mode === 'live') {
      boknettLive = config.boknett;
    } else {
      const { createBoknettSimulator } = require('./vendors/boknett/simulator') as typeof import('./vendors/boknett/simulator');
      const simulator = createBoknettSimulator({ downloadProcessingMs: config.boknett.downloadProcessingMs, statePath: config.boknett.statePath });
      const url = await simulator.listen(0, '127.0.0.1');
      shutdown.add('simulators', () => simulator.close());
      sandbox.boknett = url;
      const { username, password } = simulator.credentials;
      boknettLive = { apiBaseUrl: url, auth: { kind: 'tgt', loginUrl: url, username, password: new Secret(password) } };
    }
    secrets.add(...secretsIn(boknettLive.auth));
    const ddsQuota = fleet.quotas.BOKNETT_DDS;
    const boknett = createBoknettClient({
      ...boknettLive,
      upstream: config.upstream,
      resilience,
      secrets,
      downloadPoll: config.boknett.downloadPoll,
      now: options.now,
      ...(ddsQuota ? { quota: ddsQuota } : {}),
    });
    // Logs its ticket out, so closed before the simulators.
    shutdown.add('vendors', () => boknett.close());
    secrets.add(() => boknett.credentialInUse());

    const hlconnect = new HlConnectClient({
      http: hlHttp,
      accessToken: hlToken,
      currency: config.hlconnect.currency,
      onFieldDropped: droppedFieldReporter(telemetry.metrics, logger),
    });
    telemetry.watchVendor('HL_CONNECT', hlBaseUrl);
    telemetry.watchVendor('BOKNETT_DDS', boknettLive.apiBaseUrl);
    telemetry.watchVendor('BOKNETT_DDS', boknettLive.auth.kind === 'tgt' ? boknettLive.auth.loginUrl : boknettLive.auth.tokenUrl);
    telemetry.metrics.watchCircuit('HL_CONNECT', () => hlHttp.circuitState());
    telemetry.metrics.watchCircuit('BOKNETT_DDS', () => boknett.circuitState());
    const ledger = await openLedger(config.ledger.store);
    shutdown.add('ledger', () => ledger.close());
    telemetry.metrics.watchLedger(() => ledger.stats());
    const { leaseMs, waitMs, pollMs, reconcileAfterMs, reconcileIntervalMs } = config.ledger;
    const hlConnectChecks = hlConnectCheck(hlconnect, ledger);
    const countLostTransition = (entry: { operation: string }) => telemetry.metrics.lostTransitions.inc({ operation: entry.operation });
    const worker = new LedgerWorker({
      ledger,
      logger,
      // DDS cannot be asked about an order: its unknown outcomes go to an operator.
      checks: { HL_REGISTER_PURCHASE: hlConnectChecks, HL_CANCEL_ORDER_LINE: hlConnectChecks },
      reconcileAfterMs,
      intervalMs: reconcileIntervalMs,
      claimMs: leaseMs,
      batchSize: config.ledger.workerBatch,
      personalDataRetentionMs: config.ledger.personalDataRetentionMs,
      onLostTransition: countLostTransition,
    });
    // At start-up (what a previous process left open) and then periodically; never blocks serving.
    worker.runOnce().catch((error: unknown) => logger.error({ err: error }, 'start-up ledger worker round failed'));
    worker.start();
    shutdown.add('ledger-worker', () => worker.stop());

    // One HL Connect poll loop per subscribed order, one ledger poll loop per subscribed checkout; ended with the subscriptions at shutdown.
    const orderUpdates = createOrderUpdates(hlconnect, { intervalMs: config.subscriptions.pollIntervalMs, logger });
    const checkoutUpdates = createCheckoutUpdates(ledger, hlconnect.currency, { intervalMs: config.subscriptions.pollIntervalMs, logger });
    shutdown.add('subscriptions', async () => {
      orderUpdates.close();
      checkoutUpdates.close();
    });

    const ddsApiBase = boknettLive.apiBaseUrl.endsWith('/') ? boknettLive.apiBaseUrl : `${boknettLive.apiBaseUrl}/`;
    const services: GatewayServices = {
      hlconnect,
      boknett,
      ledger,
      exactlyOnce: { ledger, logger, settings: { leaseMs, waitMs, pollMs, reconcileAfterMs }, onLostTransition: countLostTransition },
      ddsContentUrl: (fulfilmentId) => new URL(`content/${encodeURIComponent(fulfilmentId)}`, ddsApiBase).href,
      limits: { maxOrderIds: config.limits.maxOrderIds },
      checkout: {
        maxLines: config.limits.maxCheckoutLines,
        // Prepared checkouts completed within a minute (most) skip reading the checkout back.
        prepared: new PreparedCheckouts({ max: 1_000, maxAgeMs: Math.min(60_000, config.ledger.personalDataRetentionMs / 2) }),
      },
      orderUpdates,
      checkoutUpdates,
    };

    const schema = await buildGatewaySchema();
    const ide = ideOptions(config);
    const { introspection, maxQueryDepth, maxAliases, maxQueryCost, maxOrderIds, maxQueryTokens } = config.limits;
    const queryLimits = { maxDepth: maxQueryDepth, maxAliases, maxCost: maxQueryCost, maxIdsPerList: maxOrderIds, maxCheckoutLines: config.limits.maxCheckoutLines };
    const sharesAnswers = Object.values(config.fleet.responseCacheTtlS).some((ttl) => ttl > 0);
    const apollo = createApollo({
      schema,
      logger,
      introspection,
      landingPage: ide,
      limits: queryLimits,
      maxTokens: maxQueryTokens,
      requestDeadlineMs: config.limits.requestDeadlineMs,
      plugins: [
        operationTelemetryPlugin({ logger, telemetry }),
        // Only where something may be shared or limited: otherwise neither costs a request anything.
        ...(sharesAnswers ? [sharedAnswersPlugin({ cache: fleet.responses, ttlS: config.fleet.responseCacheTtlS })] : []),
      ],
      persistedQueries: { cache: fleet.persistedQueries, ttlS: PERSISTED_QUERY_TTL_S },
      ...(fleet.rateLimiter ? { admit: rateLimitAdmission(fleet.rateLimiter, (refusal) => telemetry.metrics.rateLimited.inc({ limit: refusal })) } : {}),
    });
    await apollo.start();
    shutdown.add('apollo', () => apollo.stop());

    // Who may call: CORS (preflights answered first), then a valid credential before anything is read or run.
    const authenticate = createAuthenticator(config.access);
    const callers = createCallerGuard({ authenticate, logger, landingPageOpen: config.limits.landingPage });
    const callerIpOf = createCallerIpResolver(config.access.trustedProxies);
    const graphqlHandler = createGraphQLHandler({
      apollo,
      maxBodyBytes: config.limits.maxBodyBytes,
      createContext: (req, requestId) => {
        const caller = callers.callerOf(req);
        return { requestId, callerIp: callerIpOf(req), caller, services, loaders: createLoaders(services, caller) };
      },
    });
    const graphql = withCors(config.access.corsOrigins, callers.guard(graphqlHandler));
    let stopping = false;
    const readiness = createReadiness({ checks: readinessChecks({ ledger }), ...config.observability.readiness, logger, stopping: () => stopping });

    // Metrics on a listener of their own, never the public port: they describe callers and vendors.
    let metricsUrl: string | undefined;
    const { metricsEnabled, metricsHost, metricsPort } = config.observability;
    if (metricsEnabled) {
      const metricsServer = createHttpServer({ logger, timeouts: config.http, routes: { '/metrics': metricsRoute(telemetry.metrics.exposition) } });
      await listen(metricsServer, metricsPort, metricsHost, 'METRICS_HOST/METRICS_PORT');
      shutdown.add('metrics', () => closeGracefully(metricsServer, config.shutdownTimeoutMs));
      metricsUrl = urlOf(metricsServer, metricsHost);
      logger.info({ url: `${metricsUrl}/metrics` }, 'metrics listening');
    }

    const server = createHttpServer({
      logger,
      telemetry,
      timeouts: config.http,
      routes: {
        '/': graphql,
        '/graphql': graphql,
        '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
        '/readyz': readiness.handle,
        // The local GraphiQL, wherever landing pages are served.
        ...(ide ? ideRoutes(graphiqlPage(ide)) : {}),
      },
    });
    // Subscriptions over WebSocket on the GraphQL paths, authenticated and limited as HTTP is.
    const subscriptions = createSubscriptionServer({
      server,
      paths: ['/', '/graphql'],
      schema,
      authenticate,
      createContext: (req, caller) => ({ requestId: requestIdFrom(undefined), callerIp: callerIpOf(req), caller, services, loaders: createLoaders(services, caller) }),
      checkLimits: operationLimits(queryLimits),
      maxTokens: maxQueryTokens,
      maxMessageBytes: config.limits.maxBodyBytes,
      maxPerConnection: config.subscriptions.maxPerConnection,
      maxTotal: config.subscriptions.maxTotal,
      formatError: createFormatError(logger, { suggestions: introspection }),
      logger,
    });
    shutdown.add('subscriptions', () => subscriptions.close(config.shutdownTimeoutMs));
    telemetry.metrics.watchSubscriptions(() => ({ subscriptions: subscriptions.active, orderPollLoops: orderUpdates.loopCount, checkoutPollLoops: checkoutUpdates.loopCount }));
    await listen(server, config.port, config.host, 'HOST/PORT');
    shutdown.add('http', () => closeGracefully(server, config.shutdownTimeoutMs));

    return {
      url: urlOf(server, config.host),
      ...(metricsUrl ? { metricsUrl } : {}),
      sandbox,
      ledger,
      close: () => {
        stopping = true;
        return shutdown.run();
      },
    };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

/** `http://host:port` of a listening server; a wildcard host is reached on loopback. */
function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${port}`;
}

/** Listens on `host:port`; a failure names the variables that chose them (`what`). */
function listen(server: Server, port: number, host: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new Error(`${what} (${host}:${port}): cannot listen: ${error.code ?? error.message}`));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
