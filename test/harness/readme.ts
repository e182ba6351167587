import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's README.md, for tests that hold it to the code. */
export function readme(): string {
  return readFileSync(join(__dirname, '../../README.md'), 'utf8');
}

/** The text of the section under `heading` (`## Example`, `### Sandbox catalogue`), up to the next heading of its level or higher. */
export function readmeSection(heading: string): string {
  const text = readme();
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const level = heading.split(' ')[0] ?? '#';
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The first ```graphql block of a README section. */
export function readmeGraphql(heading: string): string {
  const block = /```graphql\n([\s\S]*?)```/.exec(readmeSection(heading))?.[1];
  if (block === undefined) throw new Error(`README.md section "${heading}" has no graphql block`);
  return block;
}
