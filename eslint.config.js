// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The engine and the workload are pure: simulated time, seeded streams, no I/O, no UI. */
const purity = {
  'no-restricted-globals': [
    'error',
    {name: 'setTimeout', message: 'The engine is pure: schedule a simulated event instead.'},
    {name: 'setInterval', message: 'The engine is pure: schedule a simulated event instead.'},
    {name: 'setImmediate', message: 'The engine is pure: schedule a simulated event instead.'},
    {name: 'performance', message: 'The engine is pure: use simulated time (nowNs).'},
    {name: 'process', message: 'The engine is pure: no process state.'},
  ],
  'no-restricted-properties': [
    'error',
    {object: 'Math', property: 'random', message: 'Use the seeded stream of the subsystem (src/engine/rng.ts).'},
    {object: 'Date', property: 'now', message: 'The engine is pure: use simulated time (nowNs).'},
    {object: 'performance', property: 'now', message: 'The engine is pure: use simulated time (nowNs).'},
  ],
  'no-restricted-syntax': [
    'error',
    {selector: "NewExpression[callee.name='Date']", message: 'The engine is pure: no wall clock.'},
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {group: ['react', 'react/*', 'ink', 'ink-*', 'node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'net', 'http', 'worker_threads'],
          message: 'The engine and workload are pure: no UI, no I/O.'},
        {group: ['**/components/**', '**/sources/**', '**/record/**', '**/report/**', '**/cli*'],
          message: 'Data flows one way: the engine imports nothing above it.'},
      ],
    },
  ],
};

export default tseslint.config(
  {ignores: ['node_modules/**', 'coverage/**', '.tmp/**', 'dist/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', performance: 'readonly', setImmediate: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {files: ['src/engine/**/*.ts', 'src/workload/**/*.ts'], rules: purity},
);
