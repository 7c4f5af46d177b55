#!/usr/bin/env node
// `npm run bench`: benchmarks report figures, they never assert timings. Each case runs in a fresh
// child process (bench/case.ts, compiled into dist/ with the CLI) so that the first run is what a user
// waits for. The build runs first: the figures are those of the current sources.
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

process.env.NODE_ENV ??= 'production';
if (!process.env.BENCH_CASE) execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.js', import.meta.url))], {stdio: 'inherit'});
const {register} = await import('tsx/esm/api');
register();
await import('../bench/run.ts');
