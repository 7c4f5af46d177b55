#!/usr/bin/env node
// `npm run bench:render`: what one dashboard frame costs to draw, with Ink as published and with
// the patches the CLI is bundled with (scripts/ink-patches.js). Bundles bench/render.tsx both ways
// with esbuild into a temporary directory and runs each. Figures only, never assertions.
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {inkPatches} from '../scripts/ink-patches.js';
import {BUNDLE_OPTIONS} from '../scripts/bundle-options.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the checkout, so that the bundles' external packages resolve from node_modules.
const dir = join(root, 'node_modules', '.cache', 'aswap-bench-render');
mkdirSync(dir, {recursive: true});
for (const [label, plugins] of [['Ink as published', []], ['Ink patched (the CLI)', [inkPatches]]]) {
  const outdir = join(dir, String(plugins.length));
  await build({
    absWorkingDir: root,
    entryPoints: {render: 'bench/render.tsx'},
    outdir,
    outExtension: {'.js': '.mjs'},
    ...BUNDLE_OPTIONS,
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'warning',
    plugins,
  });
  console.log(`-- ${label}`);
  process.stdout.write(execFileSync(process.execPath, [join(outdir, 'render.mjs')], {cwd: root, env: {...process.env, NODE_ENV: 'production'}, encoding: 'utf8'}));
}
