/**
 * `npm run bench:checkout`: the latency of `completeCheckout` of a ten-line cart (five HL
 * lines, five DDS lines) at one connection, against its floor: the same ten vendor calls
 * sent at once with undici, which is one vendor round trip. Every request completes a
 * checkout prepared just before it (preparing is not timed). The gateway runs as
 * production does (compiled, NODE_ENV=production, API keys, SQLite ledger with full fsync,
 * unless `--gateway-env DATABASE_URL=…`). Target: gateway p50 ≤ floor p50 + 5 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { BOKNETT_SIMULATOR_PRODUCTS } from '../src/vendors/boknett/simulator';
import { HL_SIMULATOR_ASSETS } from '../src/vendors/hlconnect/simulator';
import { commitFloor } from './commit-floor';
import { benchApiKey, startGateway } from './gateway';
import { Simulators } from './simulator-control';
import { createVendorHttp } from './vendor-http';

const TARGET_OVER_FLOOR_MS = 5;
const HL_LINES = 5;
const DDS_LINES = 5;
const BUYER_IP = '192.0.2.10';

interface CheckoutOptions {
  latencyMs: number;
  requests: number;
  warmup: number;
  gatewayEnv: Record<string, string>;
  profileDir?: string;
}

function parse(argv: string[]): CheckoutOptions {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    const n = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0`);
    return n;
  };
  const gatewayEnv: Record<string, string> = {};
  argv.forEach((arg, i) => {
    if (arg !== '--gateway-env') return;
    const [name, ...rest] = (argv[i + 1] ?? '').split('=');
    if (!name || rest.length === 0) throw new Error('--gateway-env takes NAME=value');
    gatewayEnv[name] = rest.join('=');
  });
  const profileAt = argv.indexOf('--profile');
  const profileDir = profileAt >= 0 ? resolve(argv[profileAt + 1] ?? '') : undefined;
  return {
    latencyMs: value('--latency-ms', 20),
    requests: value('--requests', quick ? 20 : 200),
    warmup: value('--warmup', quick ? 3 : 10),
    gatewayEnv,
    ...(profileDir ? { profileDir } : {}),
  };
}

const PREPARE = `mutation Prepare($input: PrepareCheckoutInput!) { prepareCheckout(input: $input) { checkout { id lines { accepted } } userErrors { code message } } }`;
const COMPLETE = `mutation Complete($input: CompleteCheckoutInput!) { completeCheckout(input: $input) { checkout { state lines { outcome } } userErrors { code message } } }`;

function cart(idempotencyKey: string) {
  const hl = Array.from({ length: HL_LINES }, () => ({ hl: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, unitPrice: '5.99', lineItemPrice: '5.99' } }));
  const dds = Array.from({ length: DDS_LINES }, () => ({ dds: { resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: 18_900 } }));
  return { idempotencyKey, buyer: { firstName: 'Clara', lastName: 'Schumann', ip: BUYER_IP }, lines: [...hl, ...dds] };
}

/**
 * The gateway is called as the floor calls the vendors, with an undici pool: `fetch` costs about
 * 1 ms more per call on this path (measured against the same server), which the floor does not pay.
 */
async function graphql<T>(gateway: Pool, key: string, query: string, variables: unknown): Promise<T> {
  const response = await gateway.request({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`gateway answered ${response.statusCode}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), min: sorted[0]! };
};

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const options = parse(process.argv.slice(2));
  const run = randomBytes(3).toString('hex');
  let orderNumber = 800_000 + Math.floor(Math.random() * 100_000) * 10;
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-bench-checkout-'));
  const load = loadavg()[0] ?? 0;
  const sims = await Simulators.start({ latencyMs: options.latencyMs, processingMs: 50 });
  const { key, apiKeys } = benchApiKey();
  const gateway = await startGateway({ root, sims: sims.info, dataDir, apiKeys, upstreamConnections: 64, extraEnv: options.gatewayEnv, profileDir: options.profileDir });
  const vendors = createVendorHttp({ hlconnect: sims.info.hlconnect, boknett: sims.info.boknett, connections: 64 });
  const client = new Pool(gateway.url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    await vendors.login();
    const gatewayMs: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < options.warmup + options.requests; i += 1) {
      const measured = i >= options.warmup;

      // Gateway: prepare (not timed), then complete, timed.
      const prepared = await graphql<{ prepareCheckout: { checkout: { id: string; lines: { accepted: boolean }[] } | null } }>(client, key, PREPARE, {
        input: cart(`bench-${run}-${i}`),
      });
      const checkout = prepared.prepareCheckout.checkout;
      if (!checkout || checkout.lines.some((line) => !line.accepted)) throw new Error(`prepareCheckout refused a line: ${JSON.stringify(prepared)}`);
      const started = performance.now();
      const completed = await graphql<{ completeCheckout: { checkout: { state: string; lines: { outcome: string }[] } | null } }>(client, key, COMPLETE, {
        input: { checkoutId: checkout.id, paymentReference: `psp-${run}-${i}`, orderNumber: (orderNumber += 1) },
      });
      const elapsed = performance.now() - started;
      if (completed.completeCheckout.checkout?.state !== 'COMPLETED') throw new Error(`completeCheckout did not complete: ${JSON.stringify(completed)}`);
      if (measured) gatewayMs.push(elapsed);

      // Floor: the same ten vendor calls at once (validations first, not timed).
      const tokens = await Promise.all(Array.from({ length: HL_LINES }, () => vendors.validate({ assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1, customerIp: BUYER_IP })));
      const floorOrder = (orderNumber += 1);
      const floorStarted = performance.now();
      await Promise.all([
        ...tokens.map((token, n) => vendors.registerPurchase({ token: token.token, orderNumber: floorOrder, orderLineId: n + 1, price: 5.99, customer: 'Clara Schumann' })),
        ...Array.from({ length: DDS_LINES }, (_, n) =>
          vendors.placeDdsOrder({ orderId: `${floorOrder}-${HL_LINES + n + 1}`, resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, priceOre: 18_900 }),
        ),
      ]);
      if (measured) floorMs.push(performance.now() - floorStarted);
    }
    // Measured after the run, against the same store, so that it reads the same disk at the same load.
    const commit = await commitFloor(options.gatewayEnv.DATABASE_URL ? { postgresUrl: options.gatewayEnv.DATABASE_URL } : { sqliteDir: dataDir }, options.latencyMs);
    const g = summary(gatewayMs);
    const f = summary(floorMs);
    const over = g.p50 - f.p50;
    const ledger = options.gatewayEnv.DATABASE_URL ? 'PostgreSQL' : 'SQLite (full fsync)';
    process.stdout.write(
      [
        `completeCheckout, ${HL_LINES} HL + ${DDS_LINES} DDS lines, one connection, ${options.requests} requests after ${options.warmup} warm-up; ${options.latencyMs} ms simulator latency; ${ledger} ledger; load average ${load.toFixed(2)} at start`,
        '',
        '| | p50 ms | p99 ms | min ms |',
        '|---|---:|---:|---:|',
        `| floor (the ten vendor calls at once) | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.min.toFixed(1)} |`,
        `| gateway completeCheckout | ${g.p50.toFixed(1)} | ${g.p99.toFixed(1)} | ${g.min.toFixed(1)} |`,
        '',
        `gateway p50 − floor p50: ${over >= 0 ? '+' : ''}${over.toFixed(1)} ms (target ≤ +${TARGET_OVER_FLOOR_MS} ms): ${over <= TARGET_OVER_FLOOR_MS ? 'held' : 'NOT held'}`,
        `one durable commit on this ledger alone (a one-row update), p50: ${commit.backToBackMs.toFixed(2)} ms back to back, ${commit.afterIdleMs.toFixed(2)} ms after ${options.latencyMs} ms idle`,
        `completeCheckout keeps two on its response path, each after an idle wait (the request's, the vendors'): ${(2 * commit.afterIdleMs).toFixed(1)} ms of the ${TARGET_OVER_FLOOR_MS} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await client.close();
    await gateway.child.stop();
    await sims.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:checkout failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
