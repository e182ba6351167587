import { requestBody, type Scenario } from './scenarios';

export interface Comparison {
  same: boolean;
  /** The first difference, when not the same. */
  difference?: string;
  floorBytes: number;
  gatewayBytes: number;
}

/**
 * Asks the floor and the gateway the scenario's request once each and compares their
 * JSON, key order included. Volatile values (tokens, times, ids of new orders) are compared
 * by type; signed links by their path, without their expiry and signature.
 */
export async function compareAnswers(
  scenario: Scenario,
  targets: { floor: string; gateway: string },
  headers: Record<string, string>,
  unique: (target: 'floor' | 'gateway') => string,
): Promise<Comparison> {
  const ask = async (target: 'floor' | 'gateway', url: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: requestBody(scenario, unique(target)) });
    return { status: response.status, text: await response.text() };
  };
  const floor = await ask('floor', `${targets.floor}${scenario.floorRoute}`);
  const gateway = await ask('gateway', `${targets.gateway}/graphql`);
  const result = { floorBytes: Buffer.byteLength(floor.text), gatewayBytes: Buffer.byteLength(gateway.text) };
  if (floor.status !== gateway.status) return { ...result, same: false, difference: `status floor ${floor.status}, gateway ${gateway.status}: ${gateway.text.slice(0, 300)}` };
  const volatile = new Set(scenario.volatileFields);
  const a = JSON.stringify(normalise(parse(floor.text), volatile));
  const b = JSON.stringify(normalise(parse(gateway.text), volatile));
  if (a === b) return { ...result, same: true };
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  return { ...result, same: false, difference: `at character ${at}: floor …${a.slice(at, at + 120)}… gateway …${b.slice(at, at + 120)}…` };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function normalise(value: unknown, volatile: Set<string>, key?: string): unknown {
  if (key !== undefined && volatile.has(key)) return `<${value === null ? 'null' : typeof value}>`;
  if (typeof value === 'string') return value.replace(/expires=\d+&signature=[0-9a-f]+/g, 'expires=…&signature=…');
  if (Array.isArray(value)) return value.map((item) => normalise(item, volatile));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, volatile, k)]));
  }
  return value;
}
