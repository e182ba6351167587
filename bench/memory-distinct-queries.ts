/**
 * `npm run bench:memory`: how much memory the gateway keeps for distinct query texts.
 * Sends 20,000 distinct literal queries (each a text of its own, as a client that inlines
 * its arguments sends them) to the compiled gateway, in production settings, and reports
 * heap and RSS growth after a full GC. Caches that ride on query texts (Apollo's documents,
 * compiled plans, cost estimates) must be bounded: the target is at most 64 MB of growth.
 *
 * In one process (gateway, simulators, client), so that a forced GC measures what is
 * retained rather than garbage not yet collected: `node --expose-gc`.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/server/logger';
import { createBoknettSimulator } from '../src/vendors/boknett/simulator';
import { createHlConnectSimulator } from '../src/vendors/hlconnect/simulator';
import { benchApiKey } from './gateway';

const DISTINCT_QUERIES = Number(process.env.BENCH_DISTINCT_QUERIES ?? 20_000);
const CONCURRENCY = 20;
const TARGET_MB = 64;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory does)');
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage();
}

/** A query text of its own for each n: a literal id and an alias, as inlined arguments make them. */
const distinctQuery = (n: number) => `{ q${n}: order(orderId: ${n + 1_000_000}) { orderId status items { orderLineId status } } }`;

async function main(): Promise<void> {
  const hl = createHlConnectSimulator();
  const boknett = createBoknettSimulator();
  const [hlUrl, boknettUrl] = await Promise.all([hl.listen(0, '127.0.0.1'), boknett.listen(0, '127.0.0.1')]);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const { key, apiKeys } = benchApiKey();
  const dds = boknett.credentials;
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    API_KEYS: apiKeys,
    LEDGER_PATH: join(dataDir, 'ledger.db'),
    METRICS_ENABLED: 'false',
    HLCONNECT_BASE_URL: hlUrl,
    HLCONNECT_TOKEN: hl.accessToken,
    BOKNETT_AUTH_MODE: 'tgt',
    BOKNETT_API_BASE_URL: boknettUrl,
    BOKNETT_LOGIN_URL: boknettUrl,
    BOKNETT_USERNAME: dds.username,
    BOKNETT_PASSWORD: dds.password,
  });
  const gateway = await createGateway(config, { logger: createLogger('warn') });
  const post = async (query: string) => {
    const response = await request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`unexpected answer ${response.statusCode}: ${text.slice(0, 300)}`);
  };

  try {
    // Warm up: the schema, pools and one plan in place before the baseline.
    for (let n = 0; n < 200; n += 1) await post(distinctQuery(DISTINCT_QUERIES));
    const before = settledMemory();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < DISTINCT_QUERIES) await post(distinctQuery(next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = settledMemory();
    const heapGrowth = after.heapUsed - before.heapUsed;
    const rssGrowth = after.rss - before.rss;
    const result = {
      distinctQueries: DISTINCT_QUERIES,
      seconds: Math.round(seconds * 10) / 10,
      heapUsedMB: { before: mb(before.heapUsed), after: mb(after.heapUsed), growth: mb(heapGrowth) },
      rssMB: { before: mb(before.rss), after: mb(after.rss), growth: mb(rssGrowth) },
      targetGrowthMB: TARGET_MB,
      withinTarget: heapGrowth <= TARGET_MB * 1024 * 1024 && rssGrowth <= TARGET_MB * 1024 * 1024,
    };
    process.stdout.write(
      `${DISTINCT_QUERIES} distinct queries in ${result.seconds} s: heap ${result.heapUsedMB.before} → ${result.heapUsedMB.after} MB ` +
        `(+${result.heapUsedMB.growth}), RSS ${result.rssMB.before} → ${result.rssMB.after} MB (+${result.rssMB.growth}); ` +
        `target ≤ ${TARGET_MB} MB growth: ${result.withinTarget ? 'met' : 'NOT met'}\n${JSON.stringify(result)}\n`,
    );
    if (!result.withinTarget) process.exitCode = 1;
  } finally {
    await gateway.close();
    await hl.close();
    await boknett.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
