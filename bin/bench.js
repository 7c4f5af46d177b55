#!/usr/bin/env node
// `npm run bench`: benchmarks report figures, they never assert timings. Each case runs in a fresh
// child process (bench/case.ts) so that the first run is what a user waits for.
process.env.NODE_ENV ??= 'production';
const {register} = await import('tsx/esm/api');
register();
await import('../bench/run.ts');
