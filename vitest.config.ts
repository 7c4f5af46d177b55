import {defineConfig} from 'vitest/config';

export default defineConfig({
  // React's production build (what the CLI runs) has no jsxDEV: compile JSX for it.
  oxc: {jsx: {runtime: 'automatic', development: false}},
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // React's production build: what the CLI runs, and half the render cost.
    env: {NODE_ENV: 'production'},
  },
});
