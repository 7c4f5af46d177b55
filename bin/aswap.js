#!/usr/bin/env node
// Entry point: no build step. React runs its production build unless NODE_ENV says otherwise
// (the development build roughly doubles render cost), then tsx loads the TypeScript sources.
process.env.NODE_ENV ??= 'production';
const {register} = await import('tsx/esm/api');
register();
const {main} = await import('../src/cli.tsx');
await main(process.argv.slice(2));
