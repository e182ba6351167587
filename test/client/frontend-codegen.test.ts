import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'node_modules', '.bin');

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(join(BIN, command), args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * The frontends' codegen (client/codegen.ts) as a frontend runs it: the client preset over
 * the committed schema and the example's operations, then the example type-checked against
 * what was generated (including the mistakes the scalar mappings must refuse).
 */
describe('client/codegen.ts: the client preset for frontends', () => {
  let dir: string;

  beforeAll(() => {
    // Inside the repository, so that the example finds node_modules as a frontend would.
    dir = mkdtempSync(join(ROOT, 'client', '.check-'));
    copyFileSync(join(ROOT, 'client', 'example', 'track-order.ts'), join(dir, 'track-order.ts'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates typed documents with the gateway scalars mapped, and the example type-checks', () => {
    const generated = run('graphql-codegen', ['--config', join(ROOT, 'client', 'codegen.ts')], dir, { CLIENT_DOCUMENTS: '*.ts', CLIENT_OUTPUT: 'gql/' });
    expect(generated).toMatchObject({ code: 0 });

    const types = readFileSync(join(dir, 'gql', 'graphql.ts'), 'utf8');
    // SafeInt as number, Decimal as string, enums as unions (strictScalars: an unmapped scalar fails the generation).
    expect(types).toContain('export type TrackOrderQueryVariables = Exact<{\n  orderId: number;\n}>;');
    expect(types).toContain('unitPrice: { amount: string, currency: string }');
    expect(types).toMatch(/export type OrderUpdatesSubscription = \{ orderUpdated: \{ id: string, status: OrderStatus,/);

    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', lib: ['ES2023', 'DOM'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        include: ['*.ts', 'gql/*.ts'],
      }),
    );
    const checked = run('tsc', ['-p', 'tsconfig.json'], dir);
    expect(checked).toEqual({ code: 0, output: '' });
  });
});
