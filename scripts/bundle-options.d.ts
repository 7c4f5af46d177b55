/** Types for scripts/bundle-options.js (plain JavaScript: scripts/build.js imports it before anything is compiled). */
import type {BuildOptions} from 'esbuild';

export const BUNDLE_OPTIONS: BuildOptions;
