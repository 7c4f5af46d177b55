import {createContext, useContext} from 'react';
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
 * Alert thresholds, in the units the kernel reports.
 * - PSI `some` avg10: at 10% a task is stalled on memory one second in ten (lmkd's own "medium"
 *   monitor fires at 70 ms per 1 s window ≈ 7%); at 40% the foreground app visibly janks.
 * - PSI `full` avg10: every non-idle task stalled; 5% is already bad, 20% is thrashing.
 * - Free memory: below the low watermark kswapd is awake (warn); below min every allocation does
 *   direct reclaim, a memory stall for the allocating task (crit).
 * - A node's kworkers using ≥ 50% of its CPU capacity compete with the foreground app (warn);
 *   ≥ 90% starves it (crit).
 */
export const THRESHOLDS = {
  psiSomeAvg10: {warn: 10, crit: 40},
  psiFullAvg10: {warn: 5, crit: 20},
  nodeCpuBusyPct: {warn: 50, crit: 90},
} as const;

const worst = (a: Level, b: Level): Level => (a === 'crit' || b === 'crit' ? 'crit' : a === 'warn' || b === 'warn' ? 'warn' : 'ok');

/** Level of a value against {warn, crit} thresholds (higher is worse). */
export function levelOf(value: number, t: {readonly warn: number; readonly crit: number}): Level {
  return value >= t.crit ? 'crit' : value >= t.warn ? 'warn' : 'ok';
}

export function psiLevel(psi: PsiSnapshot): Level {
  return worst(levelOf(psi.some.avg10, THRESHOLDS.psiSomeAvg10), levelOf(psi.full.avg10, THRESHOLDS.psiFullAvg10));
}

export function freeLevel(memory: MemorySnapshot): Level {
  return memory.freeBytes < memory.minBytes ? 'crit' : memory.freeBytes < memory.lowBytes ? 'warn' : 'ok';
}

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

export const ThemeContext = createContext<Theme>(makeTheme(true));

export const useTheme = (): Theme => useContext(ThemeContext);
