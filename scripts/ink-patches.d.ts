/** Types for scripts/ink-patches.js (plain JavaScript: scripts/build.js imports it before anything is compiled). */
import type {Plugin} from 'esbuild';

export const SINGLE_GRAPHEME_RANGES: readonly (readonly [number, number])[];
export const PATCHES: Readonly<Record<string, readonly unknown[]>>;
export function patchInkSource(file: string, source: string): string;
export const inkPatches: Plugin;
