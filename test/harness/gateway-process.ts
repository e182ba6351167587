import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { TEST_API_KEYS } from './api-keys';
import { GraphQLTestClient } from './graphql-client';

/**
 * The compiled gateway and ledger CLI as separate OS processes (`npm test` builds `dist/`
 * first; run `npm run build` before running these tests alone): for proofs that only hold
 * across processes — a shared ledger, a process killed mid-call, a restart.
 */
const ROOT = resolve(__dirname, '../..');
export const GATEWAY_MAIN = join(ROOT, 'dist/src/main.js');
export const LEDGER_CLI = join(ROOT, 'dist/scripts/ledger.js');

const OUTPUT_CAP = 64 * 1024;

function requireBuild(file: string): void {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
}

/** Only what a child needs from this environment: never a developer's DATABASE_URL or tokens. */
function baseEnv(): Record<string, string> {
  return process.env.PATH ? { PATH: process.env.PATH } : {};
}

/** A port that was free a moment ago (bound on port 0, read, closed). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export { simulatorEnv } from './simulator-env';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every child this module started and that has not exited yet. */
const live = new Set<ChildProcess>();
/** Children started as leaders of their own process group (`npm start`: npm, sh, node). */
const groups = new WeakSet<ChildProcess>();
let exitHookInstalled = false;

/** SIGKILL for a child, and for its whole group when it leads one: killing npm alone would orphan node. */
function forceKill(child: ChildProcess): void {
  if (groups.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // the group is gone already
    }
  }
  child.kill('SIGKILL');
}

/** If the test process goes away without afterAll running, its children go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) forceKill(child);
  });
}

function track(child: ChildProcess): { exited: Promise<Exit>; output: () => string } {
  installExitHook();
  live.add(child);
  let output = '';
  const append = (chunk: Buffer) => {
    if (output.length < OUTPUT_CAP) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  // 'close': the process has exited and its stdio is closed, so nothing is left open.
  const exited = new Promise<Exit>((resolveExit) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      resolveExit({ code, signal });
    });
  });
  return { exited, output: () => output };
}

export interface GatewayProcess {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Where `/metrics` is served: its own listener, `http://127.0.0.1:<METRICS_PORT>`. */
  readonly metricsUrl: string;
  readonly client: GraphQLTestClient;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** False once the process has exited. */
  isRunning(): boolean;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<Exit>;
}

export interface StartGatewayOptions {
  /** For messages: which process this is. */
  name: string;
  /**
   * The gateway's environment. NODE_ENV (default `test`), HOST, PORT, METRICS_PORT and
   * API_KEYS with the test key are set here; NODE_ENV and API_KEYS may be overridden.
   */
  env: Record<string, string>;
  /** How long to wait for `GET /healthz`. Default 15 s (60 s with `npm start`, which builds first). */
  readyTimeoutMs?: number;
  /** `node` runs `node dist/src/main.js` (default); `npm start` runs it as `npm start` does, build included. */
  via?: 'node' | 'npm start';
}

/**
 * Starts `node dist/src/main.js` (or `npm start`) on ports picked here (PORT=0 would not
 * tell us which) and resolves once `GET /healthz` answers 200. A port taken between
 * picking and binding is picked again.
 */
export async function startGatewayProcess(options: StartGatewayOptions): Promise<GatewayProcess> {
  requireBuild(GATEWAY_MAIN);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const metricsPort = await freePort();
    try {
      return await startOnPorts(options, port, metricsPort);
    } catch (error) {
      if (attempt < 3 && error instanceof Error && error.message.includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

async function startOnPorts(options: StartGatewayOptions, port: number, metricsPort: number): Promise<GatewayProcess> {
  // API_KEYS: the test key, which `client` sends.
  const env = { ...baseEnv(), NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', API_KEYS: TEST_API_KEYS, ...options.env, PORT: String(port), METRICS_PORT: String(metricsPort) };
  const viaNpm = options.via === 'npm start';
  // npm needs a home for its cache and settings; nothing else of this environment is passed.
  const child = viaNpm
    ? spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...env, ...(process.env.HOME ? { HOME: process.env.HOME } : {}) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [GATEWAY_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (viaNpm) groups.add(child);
  const { exited, output } = track(child);
  let exit: Exit | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const url = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> => {
    if (!exit) {
      if (signal === 'SIGKILL') forceKill(child);
      else child.kill(signal);
    }
    return exited;
  };
  const gateway: GatewayProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    port,
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    client: new GraphQLTestClient(url),
    exited,
    output,
    isRunning: () => exit === undefined,
    kill,
    async stop(graceMs = 3_000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      const ac = new AbortController();
      const forced = sleep(graceMs, undefined, { signal: ac.signal }).then(
        () => forceKill(child),
        () => undefined,
      );
      const result = await exited;
      ac.abort(); // no timer left running
      await forced;
      return result;
    },
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? (viaNpm ? 60_000 : 15_000);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exit) {
      throw new Error(`gateway ${options.name} exited before it was ready (code ${exit.code}, signal ${exit.signal}):\n${output()}`);
    }
    try {
      const res = await request(`${url}/healthz`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
      await res.body.text();
      if (res.statusCode === 200) return gateway;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`gateway ${options.name} was not ready on ${url} within ${readyTimeoutMs} ms:\n${output()}`);
    }
    await sleep(50);
  }
}

/** Stops (SIGTERM, then SIGKILL) every gateway process still running; for afterAll. */
export async function stopAllGatewayProcesses(graceMs = 3_000): Promise<void> {
  await Promise.all(
    [...live].map(async (child) => {
      // Still in `live`: its 'close' has not been emitted yet.
      const closed = new Promise<void>((done) => child.once('close', () => done()));
      if (child.exitCode !== null || child.signalCode !== null) return closed;
      child.kill('SIGTERM');
      const ac = new AbortController();
      const forced = sleep(graceMs, undefined, { signal: ac.signal }).then(
        () => forceKill(child),
        () => undefined,
      );
      await closed;
      ac.abort();
      await forced;
    }),
  );
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/scripts/ledger.js …args` with the given environment (and nothing else of ours). */
export function runLedgerCli(args: string[], env: Record<string, string>, timeoutMs = 15_000): Promise<CliResult> {
  return runToExit(LEDGER_CLI, args, env, timeoutMs);
}

/** Runs `node dist/src/main.js` until it exits by itself (a start-up failure); SIGKILL after `timeoutMs`. */
export function runGatewayToExit(env: Record<string, string>, timeoutMs = 15_000): Promise<CliResult> {
  return runToExit(GATEWAY_MAIN, [], env, timeoutMs);
}

function runToExit(script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<CliResult> {
  requireBuild(script);
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ac = new AbortController();
  void sleep(timeoutMs, undefined, { signal: ac.signal }).then(
    () => forceKill(child),
    () => undefined,
  );
  return new Promise((resolveRun, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      live.delete(child);
      ac.abort();
      resolveRun({ code, stdout, stderr });
    });
  });
}

/**
 * Polls `probe` until it returns something other than undefined/false; fails with `what`
 * and the last value seen after `timeoutMs`. Only awaited sleeps: no timer outlives it.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** What a gateway's log says was closed at shutdown, in order (LOG_LEVEL=debug). */
export function shutdownSteps(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; step?: string })
    .filter((entry) => entry.msg === 'shutdown step done')
    .map((entry) => entry.step!);
}
