/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [--top 30]`: where a V8 CPU profile spent
 * its time, as self time by package (node_modules/<name>, the gateway's own folders, node
 * internals, GC) and by function. Written for profiles taken with `npm run bench -- --profile DIR`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The bucket a frame's time is counted in: a package, one of our folders, node itself, or V8. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  const ours = url.match(/dist\/(src\/[^/]+(?:\/[^/]+)?)\//);
  return ours?.[1] ?? url;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`;
}

function table(title: string, rows: [string, number][], total: number, top: number): string {
  const lines = rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  return `${title}\n${lines.join('\n')}\n`;
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top 30]\n');
    process.exit(2);
  }
  const top = rest[0] === '--top' ? Number(rest[1]) : 30;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfMicros = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    total += micros;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const key = frameName(byId.get(id)!);
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    // Inclusive time: every distinct frame of the gateway's own code on this stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at)!;
      if (!node.callFrame.url.includes('/dist/src/')) continue;
      seen.add(frameName(node));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
  process.stdout.write(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms\n\n`);
  process.stdout.write(table('self time by package', [...byPackage], total, top));
  process.stdout.write('\n');
  process.stdout.write(table('self time by function', [...byFunction], total, top));
  process.stdout.write('\n');
  process.stdout.write(table("total time (self and callees) of the gateway's own functions", [...inclusive], total, top));
}

main();
