/**
 * `npm run bench:costs`: what the gateway's own steps cost per request, measured in one
 * process without load, so that the benchmark's gaps can be read against what cannot be
 * taken out. Two parts:
 *  - scenario 6's work on one page of 50 assets: the floor's share (JSON parse and
 *    serialise) against the gateway's (vendor-answer validation, mapping, execution,
 *    interpreted by graphql-js and compiled by graphql-jit);
 *  - one vendor call, CPU per call: raw undici (the floor) against the gateway's HL Connect
 *    client (URL and headers, cockatiel policies, JSON and zod, the upstream observer's
 *    metrics, the request context), against the simulator with no latency: scenario 1's
 *    link call, and scenario 3's `purchase/info` of a 4-line order (validated and mapped).
 * Medians of seven rounds; times vary with the machine, compare rows of one run. The vendor
 * calls interleave floor and gateway within each round, and the last row is their difference
 * round by round: the least sensitive to what else the machine is doing.
 */
import 'reflect-metadata';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { Pool } from 'undici';
import { loadConfig, Secret } from '../src/config';
import { buildGatewaySchema } from '../src/graphql';
import { createHlConnectLoaders } from '../src/graphql/loaders/hlconnect-loaders';
import { runInRequestContext, Telemetry } from '../src/observability';
import { VendorHttpClient } from '../src/vendors/http';
import { HlConnectClient } from '../src/vendors/hlconnect';
import { toAssetPage } from '../src/vendors/hlconnect/mapping';
import { assetsListWire } from '../src/vendors/hlconnect/wire';
import { SCENARIOS, SEED_PLAN } from './scenarios';
import { seedHlConnect } from './seed';
import { Simulators } from './simulator-control';
import { startTraceSink } from './trace-sink';

const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median over rounds of the wall time per run of `fn`, µs (one thread, nothing else running here). */
async function timePerRun(fn: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < runs / 10; i += 1) await fn();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i += 1) await fn();
    rounds.push(Number(process.hrtime.bigint() - started) / runs / 1000);
  }
  return median(rounds);
}

/**
 * Medians over rounds of this process's CPU per call, µs, with `concurrency` calls in flight,
 * for each of `fns` in turn within every round, and of each one's difference from the first
 * (the floor) in the same round: the machine's other load shifts a round's numbers alike.
 */
async function cpuPerCall(fns: (() => Promise<unknown>)[], calls: number, concurrency = 40): Promise<{ each: number[]; overFirst: number[] }> {
  const batch = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < calls; i += concurrency) await Promise.all(Array.from({ length: concurrency }, fn));
  };
  for (const fn of fns) await batch(fn);
  const rounds: number[][] = fns.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, fn] of fns.entries()) {
      const before = process.cpuUsage();
      await batch(fn);
      const used = process.cpuUsage(before);
      rounds[i]!.push((used.user + used.system) / calls);
    }
  }
  return {
    each: rounds.map(median),
    overFirst: rounds.map((values) => median(values.map((value, round) => value - rounds[0]![round]!))),
  };
}

async function assetPageCosts(schema: GraphQLSchema, pageText: string): Promise<[string, number][]> {
  const scenario = SCENARIOS.find((s) => s.id === 6)!;
  const document = parse(scenario.query);
  const variableValues = scenario.variables('');
  const caller = { name: 'costs', scopes: ['catalog:read'] };
  const wire = assetsListWire.parse(JSON.parse(pageText));
  const page = toAssetPage(wire, 'USD');
  const contextValue = { requestId: 'costs', callerIp: '127.0.0.1', caller, services: { hlconnect: { listAssets: async () => page } }, loaders: {} };
  const run = () => execute({ schema, document, variableValues, contextValue }) as Promise<{ data?: unknown; errors?: unknown[] }>;
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(`scenario 6's query did not compile: ${JSON.stringify(compiled.errors)}`);
  const result = await run();
  if (result.errors) throw new Error(`scenario 6's query failed in memory: ${JSON.stringify(result.errors)}`);
  const answer = JSON.stringify(result);
  const runs = 2_000;
  const parseMicros = await timePerRun(() => JSON.parse(pageText), runs);
  return [
    [`JSON.parse of the vendor's page (${(pageText.length / 1024).toFixed(0)} KiB) — floor and gateway`, parseMicros],
    [`JSON.stringify of the answer (${(answer.length / 1024).toFixed(0)} KiB) — floor and gateway`, await timePerRun(() => JSON.stringify(result), runs)],
    // Validated as served, from a fresh parse each time (zod copies what it reads); the parse is taken off.
    ['zod validation of the page — gateway only', (await timePerRun(() => assetsListWire.parse(JSON.parse(pageText)), runs)) - parseMicros],
    ['mapping to domain objects — gateway only', await timePerRun(() => toAssetPage(wire, 'USD'), runs)],
    ['graphql-js execute of the query (page in memory), interpreted', await timePerRun(run, runs)],
    ['the same query compiled by graphql-jit — what the gateway runs', await timePerRun(() => compiled.query(undefined, contextValue, variableValues), runs)],
  ];
}

async function vendorCallCosts(sims: Simulators): Promise<[string, number][]> {
  const hlInfo = sims.info.hlconnect;
  const orderId = 900_001;
  const orderOf4 = 900_002;
  const orderOf40 = 900_003;
  await seedHlConnect(hlInfo, {
    orders: [
      { orderNumber: orderId, lines: 1 },
      { orderNumber: orderOf4, lines: 4 },
      { orderNumber: orderOf40, lines: 40 },
    ],
    assetId: SEED_PLAN.assetId,
    customerIp: SEED_PLAN.customerIp,
  });
  const config = loadConfig({});
  const raw = new Pool(hlInfo.url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const rawHeaders = { authorization: `Bearer ${hlInfo.token}`, accept: 'application/json' };
  const rawGet = (path: string) => async () => {
    const response = await raw.request({ method: 'GET', path, headers: rawHeaders });
    return JSON.parse(await response.body.text()) as unknown;
  };
  const http = new VendorHttpClient({ vendor: 'HL_CONNECT', baseUrl: hlInfo.url, ...config.upstream, connections: 64, resilience: config.resilience });
  const hl = new HlConnectClient({ http, accessToken: new Secret(hlInfo.token) });
  const telemetry = new Telemetry({ processMetrics: false });
  telemetry.watchVendor('HL_CONNECT', hlInfo.url);
  const line = { orderId, orderLineId: 1 };
  const served =
    <T>(fn: () => Promise<T>) =>
    () =>
      runInRequestContext({ requestId: 'costs', telemetry }, fn);
  // The same with tracing on: client spans exported over OTLP to a sink that drops them.
  const sink = await startTraceSink();
  const traced = new Telemetry({ processMetrics: false, tracing: { endpoint: sink.url, serviceName: 'costs' } });
  traced.watchVendor('HL_CONNECT', hlInfo.url);
  const operationSpan = traced.tracer!.startSpan('costs');
  const servedTraced =
    <T>(fn: () => Promise<T>) =>
    () =>
      runInRequestContext({ requestId: 'costs', telemetry: traced, operationSpan }, fn);
  // Scenario 1's link calls as served: 40 loads a request makes at once, one DataLoader batch of its loaders.
  let batch = { loaders: createHlConnectLoaders(hl), context: { requestId: 'costs', telemetry: traced, operationSpan } };
  let loaded = 0;
  const batchedTraced = () => {
    if (loaded % 40 === 0) batch = { loaders: createHlConnectLoaders(hl), context: { requestId: 'costs', telemetry: traced, operationSpan } };
    const orderLineId = (loaded++ % 40) + 1;
    return runInRequestContext(batch.context, () => batch.loaders.downloadUrl.load({ orderId: orderOf40, orderLineId }));
  };
  try {
    const calls = 4_000;
    const links = await cpuPerCall(
      [
        rawGet(`/purchase/download-url?order_id=${orderId}&order_line_id=1`),
        () => hl.downloadUrl(line),
        served(() => hl.downloadUrl(line)),
        servedTraced(() => hl.downloadUrl(line)),
        batchedTraced,
      ],
      calls,
    );
    const infos = await cpuPerCall([rawGet(`/purchase/info?order_id=${orderOf4}`), served(() => hl.orderInfo(orderOf4))], calls);
    return [
      ['raw undici request, body and JSON.parse — the floor', links.each[0]!],
      ["the gateway's HL Connect client (policies, validation)", links.each[1]!],
      ['… inside a request context, observed (metrics) — as served', links.each[2]!],
      ['as served, minus the floor in the same round', links.overFirst[2]!],
      ['as served with tracing on (OTLP to a sink that drops spans), one call at a time, minus the floor', links.overFirst[3]!],
      ["… the same, through a request's DataLoader, batches of 40 (scenario 1), minus the floor", links.overFirst[4]!],
      ["scenario 3's call, `purchase/info` of 4 lines: raw undici and JSON.parse — the floor", infos.each[0]!],
      ['… the gateway as served (validated, mapped to domain objects)', infos.each[1]!],
      ['… as served, minus the floor in the same round', infos.overFirst[1]!],
    ];
  } finally {
    operationSpan.end();
    await Promise.all([telemetry.close(), traced.close()]);
    await sink.close();
    await Promise.all([raw.close(), http.close()]);
  }
}

async function main(): Promise<void> {
  const sims = await Simulators.start({ latencyMs: 0, processingMs: 10 });
  try {
    const pageResponse = await fetch(`${sims.info.hlconnect.url}/assets/list?page_size=50`, { headers: { authorization: `Bearer ${sims.info.hlconnect.token}` } });
    const pageText = await pageResponse.text();
    const schema = await buildGatewaySchema();
    const rows = [
      '| scenario 6, one page of 50 assets | µs per request |',
      '|---|---:|',
      ...(await assetPageCosts(schema, pageText)).map(([name, micros]) => `| ${name} | ${micros.toFixed(0)} |`),
      '',
      '| one vendor call, 40 in flight, no latency | CPU µs per call |',
      '|---|---:|',
      ...(await vendorCallCosts(sims)).map(([name, micros]) => `| ${name} | ${micros.toFixed(0)} |`),
    ];
    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    await sims.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:costs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
