import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundles the local GraphiQL (src/server/ide/graphiql.browser.mjs) into dist/ide/graphiql.js
 * and graphiql.css, with a gzipped copy of each: the gateway serves them from its own origin.
 * Run by `npm run build` from the package root.
 */
async function main(): Promise<void> {
  const outdir = join(process.cwd(), 'dist', 'ide');
  const result = await build({
    entryPoints: { graphiql: join(process.cwd(), 'src', 'server', 'ide', 'graphiql.browser.mjs') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    outdir,
    // Fonts and images inline: the page loads two files and nothing else.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'external',
    logLevel: 'warning',
    metafile: true,
  });
  for (const file of Object.keys(result.metafile.outputs).filter((name) => /\.(js|css)$/.test(name))) {
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`IDE bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
