// What every aswap bundle shares: the CLI's dist/ (scripts/build.js), the frame-cost bench
// (bench/render.js) and the Ink patch test (test/components/ink-patches.test.ts), so that the
// bench and the test time and check the code the CLI runs.
export const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  // Native addons and optional peers stay outside the bundle.
  external: ['node-pty', 'react-devtools-core', '@resvg/resvg-js', 'piscina', 'canvas'],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: {js: "import {createRequire as __aswapCreateRequire} from 'node:module'; const require = __aswapCreateRequire(import.meta.url);"},
};
