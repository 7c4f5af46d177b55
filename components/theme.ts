import type {LogKind, MemorySnapshot, PsiSnapshot} from '../src/engine/snapshot.ts';

/**
 * Colours and alert thresholds: data, not code. Every coloured value also carries a text marker
 * (`OK` / `WARN` / `CRIT`, a log kind tag) so the screen reads the same with NO_COLOR set or in a
 * monochrome recording.
 */

/** atop's three levels: normal, almost critical, critical. */
export type Level = 'ok' | 'warn' | 'crit';

export const LEVEL_MARKER: Readonly<Record<Level, string>> = {ok: 'OK', warn: 'WARN', crit: 'CRIT'};

/**
 * Alert thresholds, in the units the kernel and lmkd use.
 * - PSI memory, as stall per second of wall (simulated) time over a 1 s window, which is what
 *   lmkd's PSI monitors watch (system/memory/lmkd, PSI mode): `some` ≥ 70 ms in 1 s is lmkd's
 *   "medium" pressure (WARN); `full` ≥ 700 ms in 1 s is its "critical" pressure (CRIT). The same
 *   figures apply to `some` ≥ 700 (CRIT) and `full` ≥ 70 (WARN): a task stalled that long is jank
 *   a kernel developer would chase. Without a window (a single reading) avg10 stands in: it is a
 *   percentage, so 7 and 70 are the same thresholds.
 * - Free memory: below the low watermark kswapd is awake (WARN); below min every allocation does
 *   direct reclaim, a memory stall for the allocating task (CRIT).
 * - A node's kworkers using ≥ 50% of its CPU capacity compete with the foreground app (WARN);
 *   ≥ 90% starves it (CRIT).
 */
export const THRESHOLDS = {
  psiMsPerS: {warn: 70, crit: 700},
  nodeCpuBusyPct: {warn: 50, crit: 90},
} as const;

const worst = (a: Level, b: Level): Level => (a === 'crit' || b === 'crit' ? 'crit' : a === 'warn' || b === 'warn' ? 'warn' : 'ok');

/** Level of a value against {warn, crit} thresholds (higher is worse). */
export function levelOf(value: number, t: {readonly warn: number; readonly crit: number}): Level {
  return value >= t.crit ? 'crit' : value >= t.warn ? 'warn' : 'ok';
}

/** Stall per second, ms: from the 1 s window when known, else avg10 (a percentage) × 10. */
export interface PsiStall {
  readonly someMs: number;
  readonly fullMs: number;
  /** True when the figures are avg10 standing in for a window. */
  readonly fromAvg10: boolean;
}

export function psiStall(psi: PsiSnapshot, window: {readonly someMs: number; readonly fullMs: number} | null): PsiStall {
  return window ? {...window, fromAvg10: false} : {someMs: psi.some.avg10 * 10, fullMs: psi.full.avg10 * 10, fromAvg10: true};
}

export function psiLevel(stall: {readonly someMs: number; readonly fullMs: number}): Level {
  return worst(levelOf(stall.someMs, THRESHOLDS.psiMsPerS), levelOf(stall.fullMs, THRESHOLDS.psiMsPerS));
}

export function freeLevel(memory: MemorySnapshot): Level {
  return memory.freeBytes < memory.minBytes ? 'crit' : memory.freeBytes < memory.lowBytes ? 'warn' : 'ok';
}

export {worst as worstLevel};

/** atop-like palette; yellow rather than atop's cyan for "almost critical" reads better on light themes. */
const LEVEL_COLOR: Readonly<Record<Level, string>> = {ok: 'green', warn: 'yellow', crit: 'red'};

const LOG_COLOR: Readonly<Record<LogKind, string | undefined>> = {
  kill: 'red',
  exit: 'gray',
  flush: 'cyan',
  oom: 'magenta',
  'alloc-fail': 'red',
  param: 'yellow',
  launch: 'green',
  info: undefined,
};

/** What panels read from the theme context. With `color` false every lookup returns undefined. */
export interface Theme {
  readonly color: boolean;
  level(level: Level): string | undefined;
  log(kind: LogKind): string | undefined;
  /** Panel titles. */
  readonly title: string | undefined;
  /** Table headings and highlighted values. */
  readonly accent: string | undefined;
  /** Activity (spinners, busy kworkers). */
  readonly busy: string | undefined;
}

export function makeTheme(color: boolean): Theme {
  return {
    color,
    level: (level) => (color ? LEVEL_COLOR[level] : undefined),
    log: (kind) => (color ? LOG_COLOR[kind] : undefined),
    title: color ? 'cyan' : undefined,
    // Cyan rather than ink-table's blue: pure blue is hard to read on a dark background.
    accent: color ? 'cyan' : undefined,
    busy: color ? 'green' : undefined,
  };
}

/** The NO_COLOR convention (https://no-color.org): set and non-empty disables colour. */
export function colorFromEnv(env: NodeJS.ProcessEnv): boolean {
  return !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '');
}
