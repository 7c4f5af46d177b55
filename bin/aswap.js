#!/usr/bin/env node
// Entry point. React runs its production build unless NODE_ENV says otherwise (the development build
// roughly doubles render cost). The compiled CLI in dist/ (built by `npm ci`) starts fast; in a
// checkout whose sources changed since the last build, the TypeScript sources run through tsx.
import './v8-flags.js';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

process.env.NODE_ENV ??= 'production';
const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/cli.js`;

/** The newest modification time of the sources the bundle is built from. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = `${dir}/${entry.name}`;
    const t = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function fresh() {
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  return ['src', 'components'].every((d) => !existsSync(`${root}${d}`) || newestSource(`${root}${d}`) <= built);
}

let main;
if (process.env.ASWAP_FROM_SOURCE !== '1' && fresh()) {
  ({main} = await import(compiled));
} else {
  const {register} = await import('tsx/esm/api');
  register();
  ({main} = await import('../src/cli.tsx'));
}
await main(process.argv.slice(2));
