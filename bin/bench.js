#!/usr/bin/env node
// `npm run bench`: benchmarks report figures, they never assert timings.
process.env.NODE_ENV ??= 'production';
const {register} = await import('tsx/esm/api');
register();
await import('../bench/run.ts');
