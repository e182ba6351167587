import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NodeChild } from './children';
import type { SimulatorsInfo } from './simulators';

export interface GatewayProcess {
  child: NodeChild;
  url: string;
  /** Spawn to the first 200 on /healthz, ms. */
  startupMs: number;
  /** The NODE_OPTIONS it runs with: the Dockerfile's, unless --gateway-env set others. */
  nodeOptions: string;
}

export const BENCH_SCOPES = ['orders:read', 'catalog:read', 'purchases:write', 'dds:write', 'ledger:read'];

/** A fresh API key and the `API_KEYS` value that lets it in with every scope. */
export function benchApiKey(): { key: string; apiKeys: string } {
  const key = `bench-${randomBytes(24).toString('base64url')}`;
  const sha256 = createHash('sha256').update(key).digest('hex');
  return { key, apiKeys: JSON.stringify([{ name: 'bench', sha256, scopes: BENCH_SCOPES }]) };
}

/** The `NODE_OPTIONS` the Dockerfile runs the gateway with ('' when it sets none). */
function productionNodeOptions(root: string): string {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  return dockerfile.match(/^ENV NODE_OPTIONS=(.+)$/m)?.[1]?.trim() ?? '';
}

/**
 * The compiled gateway as production runs it (`node dist/src/main.js`, NODE_ENV=production,
 * the Dockerfile's NODE_OPTIONS),
 * live against the simulators, with a SQLite ledger in `dataDir` and API keys on.
 */
export async function startGateway(options: {
  root: string;
  sims: SimulatorsInfo;
  dataDir: string;
  apiKeys: string;
  upstreamConnections: number;
  /** Set last: overrides any of the above. */
  extraEnv?: Record<string, string>;
  /** Write a V8 CPU profile of the gateway's whole life into this folder (`--cpu-prof`). */
  profileDir?: string;
  /** Run the gateway with this Node binary instead of the harness's own (its `node_modules` must be built for it). */
  nodeBinary?: string;
}): Promise<GatewayProcess> {
  const { sims } = options;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    NODE_OPTIONS: productionNodeOptions(options.root),
    HOST: '127.0.0.1',
    PORT: String(port),
    // Any free port: a gateway already running on this machine holds the default one.
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    API_KEYS: options.apiKeys,
    LEDGER_PATH: join(options.dataDir, 'ledger.db'),
    UPSTREAM_CONNECTIONS: String(options.upstreamConnections),
    HLCONNECT_BASE_URL: sims.hlconnect.url,
    HLCONNECT_TOKEN: sims.hlconnect.token,
    BOKNETT_AUTH_MODE: 'tgt',
    BOKNETT_API_BASE_URL: sims.boknett.url,
    BOKNETT_LOGIN_URL: sims.boknett.url,
    BOKNETT_USERNAME: sims.boknett.username,
    BOKNETT_PASSWORD: sims.boknett.password,
    BOKNETT_OAUTH_TOKEN_URL: `${sims.boknett.url}/oauth/token`,
    BOKNETT_CLIENT_ID: sims.boknett.clientId,
    BOKNETT_CLIENT_SECRET: sims.boknett.clientSecret,
    BOKNETT_AUDIENCE: sims.boknett.audience,
    ...options.extraEnv,
  };
  const started = performance.now();
  const nodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const child = new NodeChild('gateway', join(options.root, 'dist/src/main.js'), [], env, nodeArgs, options.nodeBinary);
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilHealthy(child, url);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { child, url, startupMs: performance.now() - started, nodeOptions: env.NODE_OPTIONS ?? '' };
}

async function untilHealthy(child: NodeChild, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`gateway exited with ${child.process.exitCode}\n${child.tail()}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`gateway not healthy within ${timeoutMs} ms\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
