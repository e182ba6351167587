/**
 * Property test of the ledger's state machine: random interleavings of requests (the real
 * executeOnce), vendor answers, dying claimers, worker rounds (the real LedgerWorker),
 * operator resolutions (the real resolveLedgerEntry) and passing time, on both stores.
 * A model vendor keeps the truth (which keys it applied); the ledger must agree with it.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { Result, UserError } from '../../src/domain';
import { PostgresLedger, RESOLVABLE_STATES, SqliteLedger, type Ledger, type LedgerEntry, type LedgerOperation } from '../../src/ledger';
import { executeOnce, type ExactlyOnceSettings } from '../../src/purchases/exactly-once';
import { LedgerWorker } from '../../src/purchases/ledger-worker';
import type { VendorCheck, VendorFinding } from '../../src/purchases/reconcile';
import { lineOf } from '../../src/purchases/reconcile';
import { resolveLedgerEntry } from '../../src/purchases/resolve-ledger-entry';
import { UpstreamError } from '../../src/vendors/http';
import { createTestSchema } from '../harness/postgres';

const CALLER = 'shop-a';
/** Tiny, so that leases run out, quiet periods end and duplicates give up within a run. */
const SETTINGS: ExactlyOnceSettings = { leaseMs: 60, waitMs: 40, pollMs: 5, reconcileAfterMs: 20 };
const WORKER = { intervalMs: 10, claimMs: 40 };
const logger = pino({ level: 'silent' });

/** Two HL registrations (the vendor can be asked; a re-send is answered 409) and one DDS order (it cannot). */
const KEYS = [
  { key: 'hl-1', operation: 'HL_REGISTER_PURCHASE', input: { orderNumber: 501, orderLineId: 1, customer: 'Ada' } },
  { key: 'hl-2', operation: 'HL_REGISTER_PURCHASE', input: { orderNumber: 502, orderLineId: 7, customer: 'Ada' } },
  { key: 'dds-1', operation: 'DDS_PLACE_ORDER', input: { orderId: 'shop-9', firstName: 'Ada' } },
] as const satisfies readonly { key: string; operation: LedgerOperation; input: Record<string, unknown> }[];
type KeySpec = (typeof KEYS)[number];
const isHl = (k: KeySpec) => k.operation === 'HL_REGISTER_PURCHASE';
/** What the vendor returns when it applies a key, and what the ledger must hand back for it. */
const vendorValueOf = (k: KeySpec): Record<string, unknown> => (isHl(k) ? { ...lineOf(k) } : { fulfilmentId: `f-${k.key}` });
/** A recorded or returned value carries the vendor's (an operator's DDS record adds the content URL and a date). */
const carriesVendorValue = (k: KeySpec, value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.entries(vendorValueOf(k)).every(([field, v]) => (value as Record<string, unknown>)[field] === v);

/**
 * How the vendor treats one send:
 * - ok: applies it and answers
 * - refuse: a business refusal; nothing applied
 * - lost: applies it, but the answer is lost (a reset after sending)
 * - timeout: the answer is lost and the vendor did not apply it
 * - notProcessed: provably not processed (a 429, connection refused)
 */
const OUTCOMES = ['ok', 'refuse', 'lost', 'timeout', 'notProcessed'] as const;
type Outcome = (typeof OUTCOMES)[number];

type Step =
  | { kind: 'request'; key: number; token: number }
  | { kind: 'answer'; pick: number; outcome: Outcome }
  | { kind: 'crash'; pick: number }
  | { kind: 'worker'; which: number }
  | { kind: 'resolve'; pick: number }
  | { kind: 'sleep'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('request' as const), key: fc.nat(KEYS.length - 1), token: fc.nat(1) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(3), outcome: fc.constantFrom(...OUTCOMES) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('crash' as const), pick: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('worker' as const), which: fc.nat(1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 1, max: 90 }) }), weight: 3 },
);

interface Send {
  id: number;
  spec: KeySpec;
  /** The vendor has not yet decided whether it applies this send: it is in flight. */
  undecided: boolean;
  answer(result: Result<unknown>): void;
  fail(error: Error): void;
}

interface Request {
  id: number;
  spec: KeySpec;
  /** Its process died: its ledger calls fail and its answer reaches no one. */
  dead: boolean;
  done: boolean;
  /** Resolves when it has sent or finished: a request step waits for that, so steps interleave at the vendor. */
  progressed: Promise<void>;
}

interface Store {
  ledger: Ledger;
  cleanup(): Promise<void>;
}

const stores: { name: string; open(): Promise<Store> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'ledger-prop-'));
      const ledger = new SqliteLedger({ path: join(dir, 'ledger.db') });
      await ledger.migrate();
      return {
        ledger,
        async cleanup() {
          await ledger.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db = await createTestSchema();
      const ledger = new PostgresLedger({ connectionString: db.connectionString, schema: db.schema, maxConnections: 4 });
      await ledger.migrate();
      return {
        ledger,
        async cleanup() {
          await ledger.close();
          await db.drop();
        },
      };
    },
  },
];

/** A process's view of the shared ledger: once it dies, every call fails (its lease is no longer renewed). */
function processLedger(ledger: Ledger, isDead: () => boolean): Ledger {
  return new Proxy(ledger, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (isDead() ? Promise.reject(new Error('the process died')) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

const refusal = (code: UserError['code']): Result<never> => ({ ok: false, userErrors: [{ code, message: code, field: null }] });

/** One run: the steps, then quiescence, then the invariants. Violations are collected with a trace of what happened. */
async function run(ledger: Ledger, steps: Step[], drainOutcomes: Outcome[], checkDelays: number[]): Promise<void> {
  const violations: string[] = [];
  const trace: string[] = [];
  const note = (line: string) => trace.push(line);
  const applied = new Map<string, number>();
  const sends: Send[] = [];
  const requests: Request[] = [];
  const background: Promise<unknown>[] = [];
  let sendIds = 0;

  const inFlight = (key: string) => sends.filter((s) => s.undecided && s.spec.key === key);

  /** The vendor applies a send; a second apply of a key is the double the ledger exists to prevent. */
  const apply = (send: Send) => {
    const n = (applied.get(send.spec.key) ?? 0) + 1;
    applied.set(send.spec.key, n);
    if (n > 1) violations.push(`vendor applied ${send.spec.key} ${n} times (send #${send.id})`);
  };

  const decide = (send: Send, outcome: Outcome) => {
    send.undecided = false;
    const already = (applied.get(send.spec.key) ?? 0) > 0;
    note(`answer send #${send.id} (${send.spec.key}) ${outcome}${already ? ' [already applied]' : ''}`);
    switch (outcome) {
      case 'ok':
      case 'refuse':
        // HL refuses a second registration of a line with 409 ALREADY_REGISTERED; DDS has no such guard.
        if (already && isHl(send.spec)) return send.answer(refusal('ALREADY_REGISTERED'));
        if (outcome === 'refuse') return send.answer(refusal('PURCHASE_NOT_ALLOWED'));
        apply(send);
        return send.answer({ ok: true, value: vendorValueOf(send.spec) });
      case 'lost':
        if (!(already && isHl(send.spec))) apply(send);
        return send.fail(new UpstreamError({ vendor: 'HL_CONNECT', operation: 'send', failure: 'UNAVAILABLE', mayHaveReachedVendor: true, detail: 'reset' }));
      case 'timeout':
        return send.fail(new UpstreamError({ vendor: 'HL_CONNECT', operation: 'send', failure: 'TIMEOUT', mayHaveReachedVendor: true }));
      case 'notProcessed':
        return send.fail(new UpstreamError({ vendor: 'HL_CONNECT', operation: 'send', failure: 'UNAVAILABLE', mayHaveReachedVendor: false, status: 429 }));
    }
  };

  /**
   * HL's read-back, answering from the vendor's truth at the moment it is asked: an order still
   * being worked on cannot tell yet. Some answers come back after the worker's claim ran out,
   * so that another round (or replica) may work the same entry meanwhile.
   */
  let checks = 0;
  const check: VendorCheck = async (entry) => {
    const spec = KEYS.find((k) => k.key === entry.idempotencyKey)!;
    const finding: VendorFinding =
      inFlight(spec.key).length > 0
        ? { to: null, note: 'the order is still processing at the vendor' }
        : (applied.get(spec.key) ?? 0) > 0
          ? { to: 'SUCCEEDED', result: vendorValueOf(spec), note: 'reconciled: the vendor lists the line' }
          : { to: 'NOT_APPLIED', note: 'reconciled: the vendor has no such line' };
    const delay = checkDelays[checks++ % checkDelays.length]!;
    note(`check ${spec.key} (v${entry.version}): ${finding.to ?? 'cannot tell'}${delay ? `, answered after ${delay} ms` : ''}`);
    if (delay) await sleep(delay);
    return finding;
  };
  const workers = [0, 1].map(
    () =>
      new LedgerWorker({
        ledger,
        logger,
        checks: { HL_REGISTER_PURCHASE: check, HL_CANCEL_ORDER_LINE: check },
        reconcileAfterMs: SETTINGS.reconcileAfterMs,
        intervalMs: WORKER.intervalMs,
        claimMs: WORKER.claimMs,
        batchSize: 10,
        personalDataRetentionMs: 24 * 3600_000,
      }),
  );

  const startRequest = (spec: KeySpec, token: number) => {
    const id = requests.length;
    let progressed!: () => void;
    const request: Request = { id, spec, dead: false, done: false, progressed: new Promise((r) => (progressed = r)) };
    requests.push(request);
    note(`request r${id} ${spec.key} token ${token}`);
    const own = processLedger(ledger, () => request.dead);
    void executeOnce(
      { ledger: own, settings: SETTINGS, logger },
      {
        caller: CALLER,
        operation: spec.operation,
        idempotencyKey: spec.key,
        subject: spec.key,
        input: spec.input,
        attemptSecrets: { token },
        send: async () => {
          // The entry must be this attempt's PENDING claim, and nothing else of the key in flight at the vendor.
          const entry = await ledger.find(CALLER, spec.operation, spec.key);
          const others = inFlight(spec.key);
          const send: Send = { id: ++sendIds, spec, undecided: true, answer: () => undefined, fail: () => undefined };
          note(`r${id} sends #${send.id} (entry ${entry?.state} attempt ${entry?.attempts})`);
          if (entry?.state !== 'PENDING') violations.push(`send #${send.id} of ${spec.key} while the entry is ${entry?.state}`);
          if (others.length > 0) violations.push(`send #${send.id} of ${spec.key} while #${others.map((s) => s.id).join(', #')} in flight`);
          const answered = new Promise<Result<unknown>>((resolve, reject) => {
            send.answer = resolve;
            send.fail = reject;
          });
          sends.push(send);
          progressed();
          return answered;
        },
        toRecord: (value) => value,
        fromRecord: (record) => record,
        lostAnswerState: isHl(spec) ? 'UNKNOWN' : 'NEEDS_ATTENTION',
        // Only this key's attempts ever reach this vendor's line: a 409 is always ours.
        ...(isHl(spec)
          ? {
              appliedBy: async (errors: readonly UserError[]) =>
                errors.some((e) => e.code === 'ALREADY_REGISTERED') ? { applied: true as const, value: vendorValueOf(spec) } : { applied: false as const },
            }
          : {}),
      },
    ).then(
      (result) => {
        request.done = true;
        progressed();
        note(`r${id} answered ${result.ok ? 'ok' : result.userErrors.map((e) => e.code).join(',')}${request.dead ? ' (dead)' : ''}`);
        if (request.dead) return;
        // A caller told "done" must be right: the vendor has it, and the value is the vendor's.
        if (result.ok && !((applied.get(spec.key) ?? 0) > 0)) violations.push(`r${id} got ok for ${spec.key}, which the vendor never applied`);
        if (result.ok && !carriesVendorValue(spec, result.value)) violations.push(`r${id} got ${JSON.stringify(result.value)}`);
      },
      (error: unknown) => {
        request.done = true;
        progressed();
        note(`r${id} failed: ${(error as Error).message}${request.dead ? ' (dead)' : ''}`);
        if (!request.dead && !(error instanceof UpstreamError)) violations.push(`r${id} failed unexpectedly: ${(error as Error).message}`);
      },
    );
  };

  /** An operator confirms with the vendor and records only the truth; while the vendor is still at work, the operator waits. */
  const resolve = async (pick: number) => {
    const waiting: { spec: KeySpec; entry: LedgerEntry }[] = [];
    for (const spec of KEYS) {
      const entry = await ledger.find(CALLER, spec.operation, spec.key);
      if (entry && RESOLVABLE_STATES.includes(entry.state) && inFlight(spec.key).length === 0) waiting.push({ spec, entry });
    }
    const chosen = waiting[pick % Math.max(1, waiting.length)];
    if (!chosen) return;
    const { spec, entry } = chosen;
    const outcome = (applied.get(spec.key) ?? 0) > 0 ? 'SUCCEEDED' : 'NOT_APPLIED';
    const result = await resolveLedgerEntry(
      { ledger, ddsContentUrl: (id) => `https://dds.example/content/${id}` },
      { entryId: entry.id, outcome, fulfilmentId: `f-${spec.key}`, note: 'confirmed with the vendor', actor: 'operator' },
    );
    note(`operator resolves ${spec.key} (${entry.state}) as ${outcome}: ${result.ok ? 'done' : result.userErrors[0]!.code}`);
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'request': {
        startRequest(KEYS[step.key]!, step.token);
        const request = requests[requests.length - 1]!;
        await Promise.race([request.progressed, sleep(SETTINGS.waitMs * 2)]);
        break;
      }
      case 'answer': {
        const open = sends.filter((s) => s.undecided);
        if (open.length > 0) decide(open[step.pick % open.length]!, step.outcome);
        break;
      }
      case 'crash': {
        const alive = requests.filter((r) => !r.done && !r.dead);
        const victim = alive[step.pick % Math.max(1, alive.length)];
        if (victim) {
          victim.dead = true;
          note(`r${victim.id} dies`);
        }
        break;
      }
      case 'worker':
        note(`worker ${step.which} round`);
        background.push(workers[step.which]!.runOnce().then((n) => note(`worker ${step.which} worked ${n}`)));
        break;
      case 'resolve':
        await resolve(step.pick);
        break;
      case 'sleep':
        note(`sleep ${step.ms} ms`);
        await sleep(step.ms);
        break;
    }
    await sleep(1);
  }

  // Quiescence: every send gets its answer, every request finishes, then the worker settles what is left.
  let d = 0;
  for (let guard = 0; sends.some((s) => s.undecided) || requests.some((r) => !r.done); guard++) {
    if (guard > 500) throw new Error(`no quiescence:\n${trace.join('\n')}`);
    const open = sends.find((s) => s.undecided);
    if (open) decide(open, drainOutcomes[d++ % drainOutcomes.length]!);
    await sleep(SETTINGS.pollMs);
  }
  await Promise.all(background);
  for (let round = 0; round < 6; round++) {
    await sleep(Math.max(SETTINGS.leaseMs, SETTINGS.reconcileAfterMs, WORKER.claimMs) + 5);
    await workers[0]!.runOnce();
    const counts = await ledger.countByState();
    if (counts.PENDING === 0 && counts.UNKNOWN === 0) break;
  }

  for (const spec of KEYS) {
    const entry: LedgerEntry | null = await ledger.find(CALLER, spec.operation, spec.key);
    const vendorHas = (applied.get(spec.key) ?? 0) > 0;
    const state = entry?.state ?? 'none';
    note(`end: ${spec.key} vendor ${vendorHas ? 'applied' : 'not applied'}, ledger ${state}`);
    if (state === 'PENDING' || state === 'UNKNOWN') violations.push(`${spec.key} still ${state} at quiescence`);
    if (vendorHas) {
      const allowed = isHl(spec) ? ['SUCCEEDED'] : ['SUCCEEDED', 'NEEDS_ATTENTION'];
      if (!allowed.includes(state)) violations.push(`${spec.key} applied by the vendor but ${state} in the ledger`);
    } else if (state === 'SUCCEEDED') violations.push(`${spec.key} SUCCEEDED in the ledger but never applied`);
    if (state === 'SUCCEEDED' && !carriesVendorValue(spec, entry!.result)) violations.push(`${spec.key} recorded ${JSON.stringify(entry!.result)}`);
  }
  if (violations.length > 0) throw new Error(`${violations.join('\n')}\n--- trace ---\n${trace.join('\n')}`);
}

/** 40 runs per store keep the file near 40 s on a 2-core machine; raise it to search longer. */
const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 40);

const property = (store: (typeof stores)[number]) =>
  fc.asyncProperty(
    fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
    // How the sends still open at the end are answered, in turn.
    fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 4 }),
    // Vendor read-backs: mostly prompt, sometimes slower than the worker's claim.
    fc.array(fc.constantFrom(0, 0, 0, WORKER.claimMs + 20), { minLength: 1, maxLength: 4 }),
    async (steps, drain, checkDelays) => {
      const { ledger, cleanup } = await store.open();
      try {
        await run(ledger, steps, drain, checkDelays);
      } finally {
        await cleanup();
      }
    },
  );

describe.each(stores)('ledger state machine under random interleavings: $name', (store) => {
  it('never applies twice, never sends an unsettled entry, and ends agreeing with the vendor', async () => {
    await fc.assert(property(store), { numRuns: RUNS });
  }, 120_000);
});
