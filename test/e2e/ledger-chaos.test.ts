import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCOPES } from '../../src/domain';
import { openLedger, type Ledger, type LedgerEntry } from '../../src/ledger';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, HL_SIMULATOR_ASSETS, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import type { Fault } from '../../src/vendors/simulator-kit';
import { PlaceDdsOrderDocument, RegisterPurchaseDocument, ValidatePurchaseDocument, type RegisterPurchaseInput } from '../generated/operations';
import { DDS_PRODUCTS } from '../harness/dds-fixtures';
import { apiKeysEnv, bearer, type TestApiKey } from '../harness/api-keys';
import { simulatorEnv, startGatewayProcess, stopAllGatewayProcesses, waitFor, type GatewayProcess } from '../harness/gateway-process';
import type { GraphQLTestClient } from '../harness/graphql-client';
import { LEDGER_STORES, type LedgerStore } from '../harness/ledger-stores';

/**
 * A seeded chaos run against the whole protocol: gateway replicas as real processes on
 * one ledger, vendors that answer late, lose answers after committing, throttle and reset,
 * the same purchases sent concurrently to several replicas by retrying callers, and one
 * replica killed (SIGKILL) mid-burst and restarted. Afterwards the vendors' books and the
 * ledger must agree: nothing the vendor accepted is lost or marked as not applied, nothing
 * recorded as succeeded is missing at the vendor, nothing was sent again once the vendor
 * held it, and no caller sees another's entries.
 *
 * CHAOS_SEED fixes the plan (faults in arrival order, which callers send what, when, to
 * which replica, the kill); the interleaving itself still varies from run to run.
 * CHAOS_KEYS sets the number of HL order lines per store (DDS orders: half as many).
 */
const SEED = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) >>> 0 : randomInt(2 ** 32);
const HL_KEYS = Number(process.env.CHAOS_KEYS ?? 60);
const DDS_KEYS = Math.ceil(HL_KEYS / 2);
/** Key start times are spread over this window; the kill falls inside it. */
const BURST_MS = Math.max(3_000, HL_KEYS * 60);
const MAX_TRIES = 6;

const REGISTER = 'POST /purchase/register';
const ORDER_INFO = 'GET /purchase/info';
const DDS_ORDER = 'POST /order';

const TIMINGS = {
  UPSTREAM_CONNECT_TIMEOUT_MS: '200',
  UPSTREAM_TIMEOUT_MS: '350',
  // Must exceed connect + 2 × response timeout (900 ms).
  LEDGER_LEASE_MS: '1000',
  LEDGER_WAIT_MS: '500',
  LEDGER_POLL_MS: '25',
  // The quiet period outlasts the slowest injected vendor delay (1 s) by far.
  LEDGER_RECONCILE_AFTER_MS: '1500',
  LEDGER_RECONCILE_INTERVAL_MS: '200',
  UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: '300',
  SHUTDOWN_TIMEOUT_MS: '1000',
};
const LATE_MS = 1_000;

const CALLER_SCOPES = ['purchases:write', 'dds:write', 'orders:read'] as const;
const CALLERS: TestApiKey[] = ['shop-a', 'shop-b', 'shop-c'].map((name) => ({ name, key: `chaos-${name}-key-7f3d9a2c41`, scopes: CALLER_SCOPES }));
const OPERATOR: TestApiKey = { name: 'operator', key: 'chaos-operator-key-b81e5c07d3', scopes: SCOPES };

/** mulberry32: a small, fast, seedable PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = ReturnType<typeof mulberry32>;
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** What the vendor does with one write, in arrival order. */
const WRITE_FAULTS: [weight: number, name: string, fault: Fault | null][] = [
  [50, 'none', null],
  [8, 'slow, answered', { kind: 'delay', ms: 150 }],
  [12, 'late beyond the timeout, then commits', { kind: 'delay', ms: LATE_MS }],
  [8, 'commits, answer never comes', { kind: 'hang', when: 'after', ms: 5_000 }],
  [8, 'commits, connection reset', { kind: 'reset', when: 'after' }],
  [8, '429 before acting', { kind: 'status', status: 429 }],
  [6, 'reset before acting', { kind: 'reset' }],
];
const READ_FAULTS: [weight: number, name: string, fault: Fault | null][] = [
  [85, 'none', null],
  [15, '503', { kind: 'status', status: 503 }],
];

function pick<T extends [number, ...unknown[]]>(random: Random, table: readonly T[]): T {
  const total = table.reduce((sum, [w]) => sum + w, 0);
  let roll = random() * total;
  for (const row of table) {
    roll -= row[0];
    if (roll < 0) return row;
  }
  return table[table.length - 1]!;
}

/** Arms `count` one-shot faults on a route in a seeded order (a zero delay is "no fault"); returns their names. */
function armFaults(sim: HlConnectSimulator | BoknettSimulator, route: string, table: typeof WRITE_FAULTS, count: number, random: Random): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const [, name, fault] = pick(random, table);
    sim.faults.inject({ ...(fault ?? { kind: 'delay', ms: 0 }), route, times: 1 } as Fault);
    names.push(name);
  }
  return names;
}

/** The faults actually taken: each call to the route took the next armed one. */
function tally(names: string[], calls: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names.slice(0, calls)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

interface Key {
  kind: 'HL' | 'DDS';
  caller: TestApiKey;
  idempotencyKey: string;
  /** HL: the order line. */
  line?: { orderNumber: number; orderLineId: number };
  /** DDS: the order id. */
  orderId?: string;
  startMs: number;
  senders: { delayMs: number; replicas: number[]; pausesMs: number[]; unknownPausesMs: number[] }[];
  /** What the callers were told, in order. */
  answers: string[];
  /** DDS: fulfilment ids the callers were given. */
  fulfilmentIds: Set<string>;
}

function plan(random: Random, replicas: number): Key[] {
  const keys: Key[] = [];
  const senders = () =>
    Array.from(
      {
        length: pick(random, [
          [35, 1],
          [35, 2],
          [20, 3],
          [10, 4],
        ] as [number, number][])[1],
      },
      () => ({
        delayMs: between(random, 0, 150),
        replicas: Array.from({ length: MAX_TRIES }, () => between(random, 0, replicas - 1)),
        pausesMs: Array.from({ length: MAX_TRIES }, () => between(random, 50, 400)),
        // After OUTCOME_UNKNOWN a caller waits about as long as it was told to (retryAfterSeconds).
        unknownPausesMs: Array.from({ length: MAX_TRIES }, () => between(random, 600, 1_400)),
      }),
    );
  for (let i = 0; i < HL_KEYS; i += 1) {
    // Two lines per order, both the same caller's: reconciliation must tell them apart.
    const order = Math.floor(i / 2);
    const line = { orderNumber: 100_000 + order, orderLineId: 1 + (i % 2) };
    keys.push({
      kind: 'HL',
      caller: CALLERS[order % CALLERS.length]!,
      idempotencyKey: `order:${line.orderNumber}/line:${line.orderLineId}`,
      line,
      startMs: between(random, 0, BURST_MS),
      senders: senders(),
      answers: [],
      fulfilmentIds: new Set(),
    });
  }
  for (let i = 0; i < DDS_KEYS; i += 1) {
    const orderId = `chaos-${SEED}-${i}`;
    keys.push({
      kind: 'DDS',
      caller: CALLERS[i % CALLERS.length]!,
      idempotencyKey: `order:${orderId}`,
      orderId,
      startMs: between(random, 0, BURST_MS),
      senders: senders(),
      answers: [],
      fulfilmentIds: new Set(),
    });
  }
  return keys;
}

const SCENARIOS = [
  { name: 'three gateway processes on one PostgreSQL schema', store: 'PostgreSQL', replicas: 3, salt: 1 },
  { name: 'two gateway processes on one SQLite file', store: 'SQLite', replicas: 2, salt: 2 },
] as const;

describe.each(SCENARIOS)(`ledger chaos (CHAOS_SEED=${SEED}): $name`, ({ store: storeName, replicas: replicaCount, salt }) => {
  const random = mulberry32(SEED ^ Math.imul(salt, 0x9e3779b1));
  let hl: HlConnectSimulator;
  let boknett: BoknettSimulator;
  let store: LedgerStore;
  let env: Record<string, string>;
  let ledger: Ledger | undefined;
  const replicas: (GatewayProcess | null)[] = [];

  beforeAll(async () => {
    hl = createHlConnectSimulator({ processingDelayMs: 0 });
    boknett = createBoknettSimulator({ downloadProcessingMs: 0 });
    await Promise.all([hl.listen(0), boknett.listen(0)]);
    store = await LEDGER_STORES.find(([name]) => name === storeName)![1]();
    env = {
      ...simulatorEnv(hl, boknett),
      ...store.env,
      ...TIMINGS,
      NODE_ENV: 'production',
      API_KEYS: apiKeysEnv([...CALLERS, OPERATOR]),
    };
    // Started together: they migrate the fresh store at once.
    replicas.push(...(await Promise.all(Array.from({ length: replicaCount }, (_, i) => startGatewayProcess({ name: `replica-${i}`, env })))));
  }, 30_000);

  afterAll(async () => {
    await ledger?.close();
    await stopAllGatewayProcesses();
    await Promise.all([hl?.close(), boknett?.close()]);
    await store?.cleanup();
  });

  const as = (gateway: GatewayProcess, who: TestApiKey): GraphQLTestClient => gateway.client.as(bearer(who.key));

  it(
    'loses nothing, doubles nothing and keeps callers apart',
    async () => {
      const keys = plan(random, replicaCount);
      const hlFaults = armFaults(hl, REGISTER, WRITE_FAULTS, keys.length * MAX_TRIES * 4, random);
      const ddsFaults = armFaults(boknett, DDS_ORDER, WRITE_FAULTS, keys.length * MAX_TRIES * 4, random);
      const infoFaults = armFaults(hl, ORDER_INFO, READ_FAULTS, 2_000, random);
      const victim = between(random, 0, replicaCount - 1);
      const killAtMs = between(random, Math.floor(BURST_MS * 0.3), Math.floor(BURST_MS * 0.6));
      const downMs = between(random, 200, 600);

      // One validation token per HL line, before the burst (validation is not under test).
      const tokens = new Map<string, string>();
      for (let i = 0; i < keys.length; i += 8) {
        await Promise.all(
          keys.slice(i, i + 8).map(async (key) => {
            if (key.kind !== 'HL') return;
            const res = await as(replicas[0]!, key.caller).execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
            const token = res.data?.validatePurchase.validationToken?.token;
            if (!token) throw new Error(`CHAOS_SEED=${SEED}: validatePurchase failed: ${res.text}`);
            tokens.set(key.idempotencyKey, token);
          }),
        );
      }

      let requests = 0;
      const inFlight = Array.from({ length: replicaCount }, () => 0);
      let cutByKill = 0;
      let orphaned = 0;
      const send = async (key: Key, sender: Key['senders'][number]): Promise<void> => {
        await sleep(key.startMs + sender.delayMs);
        for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
          // The planned replica, or the next one that is up.
          let gateway: GatewayProcess | null = null;
          for (let j = 0; j < replicaCount && !gateway; j += 1) gateway = replicas[(sender.replicas[attempt]! + j) % replicaCount] ?? null;
          if (!gateway) {
            key.answers.push('no replica up');
            await sleep(sender.pausesMs[attempt]!);
            continue;
          }
          requests += 1;
          const replica = replicas.indexOf(gateway);
          inFlight[replica] = (inFlight[replica] ?? 0) + 1;
          let answer: { errors?: { extensions?: Record<string, unknown> }[]; userErrors?: { code: string }[]; fulfilmentId?: string };
          try {
            if (key.kind === 'HL') {
              const input: RegisterPurchaseInput = { token: tokens.get(key.idempotencyKey)!, ...key.line!, lineItemPrice: '4.00', unitPrice: '4.00', customer: 'Lili Boulanger' };
              const res = await as(gateway, key.caller).execute(RegisterPurchaseDocument, { input });
              answer = { errors: res.errors, userErrors: res.data?.registerPurchase.userErrors };
            } else {
              const res = await as(gateway, key.caller).execute(PlaceDdsOrderDocument, {
                input: { orderId: key.orderId!, resid: DDS_PRODUCTS.ebook, priceOre: 18_900 },
              });
              answer = { errors: res.errors, userErrors: res.data?.placeDdsOrder.userErrors, fulfilmentId: res.data?.placeDdsOrder.ddsOrder?.fulfilmentId };
            }
          } catch (error) {
            // The replica went away under the request (or was already gone).
            key.answers.push(`transport: ${(error as Error).message}`);
            await sleep(sender.pausesMs[attempt]!);
            continue;
          } finally {
            inFlight[replica] = (inFlight[replica] ?? 1) - 1;
          }
          if (answer.errors?.length) {
            key.answers.push(`error ${String(answer.errors[0]!.extensions?.code)}`);
            await sleep(sender.pausesMs[attempt]!);
            continue;
          }
          const code = answer.userErrors?.[0]?.code;
          if (code === undefined) {
            key.answers.push('ok');
            if (answer.fulfilmentId) key.fulfilmentIds.add(answer.fulfilmentId);
            return;
          }
          key.answers.push(code);
          if (code !== 'OUTCOME_UNKNOWN' && code !== 'IN_PROGRESS') return;
          await sleep(code === 'OUTCOME_UNKNOWN' ? sender.unknownPausesMs[attempt]! : sender.pausesMs[attempt]!);
        }
      };

      const pending = async () => new Set((await ledger!.list({ state: 'PENDING', first: 1_000 })).entries.map((e) => `${e.id}/${e.attempts}`));
      const killAndRestart = async (): Promise<void> => {
        await sleep(killAtMs);
        // Mid-call: the victim has requests in flight (at the vendor, or waiting for a twin).
        await waitFor('requests in flight at the victim', () => inFlight[victim]! >= 3, { timeoutMs: 1_500, intervalMs: 5 }).catch(() => undefined);
        const gateway = replicas[victim]!;
        replicas[victim] = null;
        cutByKill = inFlight[victim]!;
        const before = await pending();
        expect(await gateway.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
        const restarted = sleep(downMs).then(() => startGatewayProcess({ name: `replica-${victim}-restarted`, env }));
        // Still PENDING at the same attempt after any live claimer would have settled it: the dead claimer's.
        await sleep(850);
        const after = await pending();
        orphaned = [...before].filter((id) => after.has(id)).length;
        replicas[victim] = await restarted;
      };

      ledger = await openLedger(store.config, { migrate: false });
      const started = Date.now();
      await Promise.all([killAndRestart(), ...keys.flatMap((key) => key.senders.map((sender) => send(key, sender)))]);
      const burstMs = Date.now() - started;

      // Every unknown outcome settled by the workers: nothing PENDING or UNKNOWN is left.
      const settled = await waitFor(
        'no PENDING or UNKNOWN entries',
        async () => {
          const counts = await ledger!.countByState();
          return counts.PENDING === 0 && counts.UNKNOWN === 0 && counts;
        },
        { timeoutMs: 20_000, intervalMs: 100 },
      ).catch(async (error: Error) => {
        throw new Error(`CHAOS_SEED=${SEED}: ${error.message}: ${JSON.stringify(await ledger!.countByState())}`);
      });

      const entries = await allEntries(ledger);
      const violations: string[] = [];
      const byKey = new Map(entries.map((e) => [`${e.caller} ${e.operation} ${e.idempotencyKey}`, e]));

      // Callers apart: each sees only its own entries and orders; the operator sees all.
      const live = replicas.filter((r): r is GatewayProcess => r !== null);
      for (const [i, caller] of CALLERS.entries()) {
        const gateway = live[i % live.length]!;
        const seen = await ledgerAs(as(gateway, caller));
        const own = entries.filter((e) => e.caller === caller.name);
        const foreign = seen.filter((e) => e.caller !== caller.name);
        if (foreign.length > 0) violations.push(`${caller.name} reads ${foreign.length} entries of others via purchaseLedger, e.g. ${JSON.stringify(foreign[0])}`);
        if (seen.length !== own.length) violations.push(`${caller.name} reads ${seen.length} entries via purchaseLedger, owns ${own.length}`);
        const ddsKeys = keys.filter((k) => k.kind === 'DDS');
        for (let j = 0; j < ddsKeys.length; j += 50) {
          const chunk = ddsKeys.slice(j, j + 50);
          const res = await as(gateway, caller).post<{ ddsOrders: ({ orderId: string; fulfilmentId: string } | null)[] }>({
            query: 'query($ids: [String!]!) { ddsOrders(orderIds: $ids) { orderId fulfilmentId } }',
            variables: { ids: chunk.map((k) => k.orderId) },
          });
          if (res.errors) violations.push(`ddsOrders as ${caller.name}: ${res.text}`);
          chunk.forEach((key, n) => {
            const read = res.data?.ddsOrders[n] ?? null;
            const entry = byKey.get(`${key.caller.name} DDS_PLACE_ORDER ${key.idempotencyKey}`);
            if (key.caller !== caller && read !== null) violations.push(`${caller.name} reads ${key.caller.name}'s DDS order ${key.orderId} via ddsOrders`);
            if (key.caller === caller && entry?.state === 'SUCCEEDED' && read?.fulfilmentId !== ddsFulfilment(entry)) {
              violations.push(`${caller.name} cannot read its own placed DDS order ${key.orderId}: ${JSON.stringify(read)}`);
            }
          });
        }
      }
      const operatorView = await ledgerAs(as(live[0]!, OPERATOR));
      if (operatorView.length !== entries.length) violations.push(`the operator reads ${operatorView.length} entries, the ledger holds ${entries.length}`);

      await Promise.all(live.map((gateway) => gateway.stop()));
      // Read once more with every gateway stopped: what the ledger holds for good.
      const final = await allEntries(ledger);
      const finalByKey = new Map(final.map((e) => [`${e.caller} ${e.operation} ${e.idempotencyKey}`, e]));
      if (final.length !== entries.length) violations.push(`entries changed after settling: ${entries.length} → ${final.length}`);

      const known = new Set(keys.map((k) => `${k.caller.name} ${k.kind === 'HL' ? 'HL_REGISTER_PURCHASE' : 'DDS_PLACE_ORDER'} ${k.idempotencyKey}`));
      for (const entry of final) {
        if (!known.has(`${entry.caller} ${entry.operation} ${entry.idempotencyKey}`)) violations.push(`an entry nobody asked for: ${story(entry)}`);
      }
      let vendorAccepted = 0;
      for (const key of keys) {
        const entry = finalByKey.get(`${key.caller.name} ${key.kind === 'HL' ? 'HL_REGISTER_PURCHASE' : 'DDS_PLACE_ORDER'} ${key.idempotencyKey}`);
        const vendor =
          key.kind === 'HL'
            ? hl.registrations(key.line!.orderNumber, key.line!.orderLineId)
            : (() => {
                const order = boknett.getOrder(key.orderId!);
                return { accepted: order ? 1 : 0, alreadyRegistered: boknett.duplicateOrders(key.orderId!), fulfilmentId: order?.fulfilmentId };
              })();
        vendorAccepted += vendor.accepted;
        const problems: string[] = [];
        if (vendor.accepted > 1) problems.push(`the vendor accepted it ${vendor.accepted} times`);
        if (vendor.alreadyRegistered > 0) problems.push(`sent ${vendor.alreadyRegistered} more time(s) after the vendor held it`);
        const state = entry?.state ?? 'no entry';
        const okStates = key.kind === 'HL' ? ['SUCCEEDED'] : ['SUCCEEDED', 'NEEDS_ATTENTION'];
        if (vendor.accepted > 0 && !okStates.includes(state)) problems.push(`the vendor holds it, the ledger says ${state}`);
        if (state === 'SUCCEEDED' && vendor.accepted === 0) problems.push('SUCCEEDED in the ledger, unknown to the vendor');
        if (key.kind === 'HL' && (state === 'PENDING' || state === 'UNKNOWN')) problems.push(`still ${state}`);
        if (key.kind === 'DDS' && state === 'PENDING') problems.push('still PENDING');
        if (key.answers.includes('ok') && state !== 'SUCCEEDED') problems.push(`a caller was told it succeeded, the ledger says ${state}`);
        if (key.kind === 'DDS') {
          const fulfilmentId = 'fulfilmentId' in vendor ? vendor.fulfilmentId : undefined;
          if (state === 'SUCCEEDED' && entry && ddsFulfilment(entry) !== fulfilmentId) problems.push(`ledger fulfilment ${ddsFulfilment(entry)} ≠ vendor's ${fulfilmentId}`);
          for (const given of key.fulfilmentIds) if (given !== fulfilmentId) problems.push(`a caller was given fulfilment ${given}, the vendor's is ${fulfilmentId}`);
          if (key.answers.includes('NEEDS_ATTENTION') && state !== 'NEEDS_ATTENTION') problems.push(`a caller was told NEEDS_ATTENTION, the ledger says ${state}`);
        }
        if (problems.length > 0) {
          violations.push(
            `CHAOS_SEED=${SEED} ${key.kind} ${key.caller.name} ${key.idempotencyKey}: ${problems.join('; ')} | ledger: ${entry ? story(entry) : 'none'} | vendor: ${JSON.stringify(vendor)} | callers were told: ${key.answers.join(', ')}`,
          );
        }
      }

      const outcomes = (operation: LedgerEntry['operation']) => {
        const counts: Record<string, number> = {};
        for (const e of final.filter((x) => x.operation === operation)) counts[e.state] = (counts[e.state] ?? 0) + 1;
        return counts;
      };
      const summary = {
        seed: SEED,
        store: storeName,
        replicas: replicaCount,
        keys: { HL: HL_KEYS, DDS: DDS_KEYS, senders: keys.reduce((n, k) => n + k.senders.length, 0), requests },
        faults: {
          hlRegister: tally(hlFaults, hl.calls.count(REGISTER)),
          hlOrderInfo: tally(infoFaults, hl.calls.count(ORDER_INFO)),
          ddsOrder: tally(ddsFaults, boknett.calls.count(DDS_ORDER)),
        },
        kills: 1,
        killedReplica: victim,
        killAtMs,
        downMs,
        requestsCutByKill: cutByKill,
        entriesOrphanedByKill: orphaned,
        outcomes: { HL: outcomes('HL_REGISTER_PURCHASE'), DDS: outcomes('DDS_PLACE_ORDER') },
        settledCounts: settled,
        vendorAccepted,
        callerAnswers: answerCounts(keys),
        burstMs,
        violations: violations.length,
      };
      console.log(`ledger chaos ${JSON.stringify(summary)}`);

      expect(violations).toEqual([]);
      // The run did what it is for: faults of every kind hit writes, and the vendors accepted purchases.
      expect({ seed: SEED, vendorAccepted: vendorAccepted > 0, writesFaulted: Object.keys(summary.faults.hlRegister).length > 3 }).toEqual({
        seed: SEED,
        vendorAccepted: true,
        writesFaulted: true,
      });
    },
    100_000 + 3 * BURST_MS,
  );
});

async function allEntries(ledger: Ledger): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await ledger.list({ first: 500, after });
    entries.push(...page.entries);
    if (!page.hasNextPage) return entries;
    after = page.entries.at(-1)!.id;
  }
}

interface SeenEntry {
  caller: string;
  operation: string;
  idempotencyKey: string;
  state: string;
}

/** Every entry the client may read through `purchaseLedger`, page by page. */
async function ledgerAs(client: GraphQLTestClient): Promise<SeenEntry[]> {
  const seen: SeenEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const res: Awaited<ReturnType<GraphQLTestClient['post']>> = await client.post({
      query: 'query($after: String) { purchaseLedger(first: 100, after: $after) { edges { node { caller operation idempotencyKey state } } pageInfo { hasNextPage endCursor } } }',
      variables: { after },
    });
    const data = res.data as { purchaseLedger: { edges: { node: SeenEntry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | undefined;
    if (!data) throw new Error(`CHAOS_SEED=${SEED}: purchaseLedger failed: ${res.text}`);
    seen.push(...data.purchaseLedger.edges.map((e) => e.node));
    if (!data.purchaseLedger.pageInfo.hasNextPage) return seen;
    after = data.purchaseLedger.pageInfo.endCursor;
  }
}

function ddsFulfilment(entry: LedgerEntry): string | undefined {
  return (entry.result as { fulfilmentId?: string } | null)?.fulfilmentId;
}

function story(entry: LedgerEntry): string {
  const { caller, operation, idempotencyKey, state, attempts, uncertain, note, result } = entry;
  return JSON.stringify({ caller, operation, idempotencyKey, state, attempts, uncertain, note, result });
}

function answerCounts(keys: Key[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys)
    for (const answer of key.answers) {
      const label = answer.startsWith('transport:') ? 'transport error' : answer;
      counts[label] = (counts[label] ?? 0) + 1;
    }
  return counts;
}
