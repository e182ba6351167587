import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '../../src/config/env-schema';
import { readmeSection } from '../harness/readme';

const VARIABLES = Object.keys(envSchema.shape).sort();

/** The variables a file sets or shows commented out (`NAME=…` or `# NAME=…`). */
function variablesIn(text: string, line: RegExp): string[] {
  return [...text.matchAll(line)].map((match) => match[1]!).sort();
}

/** Every variable the environment schema accepts is documented, and nothing else is. */
describe('environment variables, documented', () => {
  it('.env.example lists each one, once', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    expect(variablesIn(example, /^(?:# )?([A-Z][A-Z0-9_]*)=/gm)).toEqual(VARIABLES);
  });

  it('the README’s Configuration table has a row for each one', () => {
    expect(variablesIn(readmeSection('## Configuration'), /^\| `([A-Z][A-Z0-9_]*)` \|/gm)).toEqual(VARIABLES);
  });
});
