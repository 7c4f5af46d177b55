#!/usr/bin/env node
// Compiles the CLI to JavaScript in dist/ (run by `npm ci` through the `prepare` script, and before
// the tests): one ESM bundle with a chunk per lazily loaded command, so a start parses only what the
// command needs and no TypeScript is compiled at run time. Ink is bundled with the patches of
// ink-patches.js, which make a frame cost what changed in it rather than the whole screen.
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {BUNDLE_OPTIONS} from './bundle-options.js';
import {inkPatches} from './ink-patches.js';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, {recursive: true, force: true});
await build({
  absWorkingDir: root,
  // Worker threads (sweep points, plot rendering) load their own entries; src/report/pool.ts finds them beside cli.js.
  // bench-case is `npm run bench`'s case, built from the same chunks so that it times the code the CLI runs.
  entryPoints: {
    cli: 'src/cli.tsx',
    'sweep-worker': 'src/report/sweep-worker.ts',
    'plot-worker': 'src/report/plot-worker.ts',
    'bench-case': 'bench/case.ts',
    'precompile-charts': 'src/report/precompile-charts.ts',
  },
  outdir: 'dist',
  ...BUNDLE_OPTIONS,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  // Cheaper frames, the same output: see ink-patches.js.
  plugins: [inkPatches],
});
// Charts that are the same for every run, compiled now (src/report/plot-precompiled.ts).
execFileSync(process.execPath, [`${root}/dist/precompile-charts.js`], {stdio: 'inherit'});
