import { TARGET_NAMES, type SameAnswers, type TargetName } from './model';
import { requestBody, type Scenario } from './scenarios';

/**
 * Asks every target the scenario's request once and compares the reference's and the
 * gateway's JSON with the floor's, key order included. Volatile values (tokens, times, ids
 * of new orders) are compared by type; signed links by their path, without their expiry and
 * signature. `urls` are the full request URLs (the floor's route, or the GraphQL endpoint).
 */
export async function compareAnswers(
  scenario: Scenario,
  urls: Record<TargetName, string>,
  headers: Record<string, string>,
  unique: (target: TargetName) => string,
): Promise<Omit<SameAnswers, 'scenarioId'>> {
  const ask = async (target: TargetName) => {
    try {
      const response = await fetch(urls[target], { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: requestBody(scenario, unique(target)) });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw new Error(`scenario ${scenario.id}: asking the ${target} failed: ${error instanceof Error ? String(error.cause ?? error.message) : String(error)}`);
    }
  };
  const answers = {} as Record<TargetName, { status: number; text: string }>;
  for (const target of TARGET_NAMES) answers[target] = await ask(target);
  const bytes = Object.fromEntries(TARGET_NAMES.map((t) => [t, Buffer.byteLength(answers[t].text)])) as Record<TargetName, number>;

  const volatile = new Set(scenario.volatileFields);
  const floor = answers.floor;
  const expected = JSON.stringify(normalise(parse(floor.text), volatile));
  const differences: SameAnswers['differences'] = [];
  for (const target of TARGET_NAMES.filter((t) => t !== 'floor')) {
    const answer = answers[target];
    if (answer.status !== floor.status) {
      differences.push({ target, difference: `status floor ${floor.status}, ${target} ${answer.status}: ${answer.text.slice(0, 300)}` });
      continue;
    }
    const actual = JSON.stringify(normalise(parse(answer.text), volatile));
    if (actual === expected) continue;
    let at = 0;
    while (at < expected.length && expected[at] === actual[at]) at += 1;
    differences.push({ target, difference: `at character ${at}: floor …${expected.slice(at, at + 120)}… ${target} …${actual.slice(at, at + 120)}…` });
  }
  return { same: differences.length === 0, differences, bytes };
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
