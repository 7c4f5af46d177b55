/**
 * The tasks in do_exit as a table trimmed to the width it gets: one line per task, a heading line,
 * each cell padded by a space on both sides. Columns are dropped least important first, and app
 * names are cut from the left (`…android.youtube`), where the telling part of a package name is.
 */
import type {TaskSnapshot} from '../src/engine/snapshot.ts';
import {cutLeft, fmtCount} from './format.ts';
import {paintSegs, seg, spinner, type Seg} from './text.ts';
import type {Theme} from './theme.ts';

interface Column {
  readonly key: string;
  readonly align: 'left' | 'right';
  readonly value: (t: TaskSnapshot) => string;
}

const STATE = (t: TaskSnapshot) => (t.reaped ? `${t.state}+reap` : t.state);

/** In order of importance: the last ones are dropped first when the width is short. */
const COLUMNS: readonly Column[] = [
  // Room for the running marker (a spinner while the task is on a CPU) before the pid.
  {key: 'pid', align: 'right', value: (t) => `  ${t.pid}`},
  {key: 'app', align: 'left', value: (t) => t.comm},
  {key: 'MM_SWAPENTS', align: 'right', value: (t) => fmtCount(t.swapEntriesLeft)},
  {key: 'ms', align: 'right', value: (t) => String(Math.round(t.elapsedMs))},
  {key: 'freed sync', align: 'right', value: (t) => fmtCount(t.freedSync)},
  {key: 'gathered', align: 'right', value: (t) => fmtCount(t.gathered)},
  {key: 'oom_score_adj', align: 'right', value: (t) => String(t.oomScoreAdj)},
  {key: 'state', align: 'left', value: STATE},
  {key: 'cpu', align: 'right', value: (t) => (t.cpu === null ? '-' : String(t.cpu))},
];

/** The first columns are the table; the others only come when app names keep their room. */
const REQUIRED = 7;

/** Display order, independent of the drop order above. */
const ORDER = ['pid', 'app', 'oom_score_adj', 'state', 'cpu', 'MM_SWAPENTS', 'freed sync', 'gathered', 'ms'];

/** Each cell is padded by one space on both sides. */
const PAD = 2;
const MIN_APP = 8;
/** App names shorter than this are never cut to make room for an optional column. */
const COMFORTABLE_APP = 24;

export interface TablePlan {
  readonly columns: readonly Column[];
  /** Content width of each column, by key. */
  readonly widths: ReadonlyMap<string, number>;
}

/** Picks the columns that fit `width` and the room app names get. */
export function planTable(tasks: readonly TaskSnapshot[], width: number): TablePlan {
  const contentWidth = (c: Column) => Math.max(c.key.length, ...tasks.map((t) => c.value(t).length));
  const app = COLUMNS[1]!;
  const wantedApp = Math.min(COMFORTABLE_APP, contentWidth(app));
  let columns = [...COLUMNS];
  const fixed = () => columns.filter((c) => c !== app).reduce((w, c) => w + contentWidth(c) + PAD, 0);
  while (columns.length > REQUIRED && fixed() + wantedApp + PAD > width) columns = columns.slice(0, -1);
  while (columns.length > 2 && fixed() + MIN_APP + PAD > width) columns = columns.slice(0, -1);
  const appRoom = Math.max(MIN_APP, Math.min(contentWidth(app), width - fixed() - PAD));
  columns.sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const widths = new Map(columns.map((c) => [c.key, c === app ? appRoom : contentWidth(c)]));
  return {columns, widths};
}

/** Drops trailing blanks of the last segment (a line never ends in padding). */
function trimEnd(segs: Seg[]): Seg[] {
  const last = segs[segs.length - 1];
  return last ? [...segs.slice(0, -1), {...last, text: last.text.trimEnd()}] : segs;
}

const align = (text: string, width: number, how: 'left' | 'right') => (how === 'left' ? text.padEnd(width) : text.padStart(width));

/** The heading and one line per task, at most `width` cells each. */
export function tableLines(tasks: readonly TaskSnapshot[], width: number, tick: number, animate: boolean, theme: Theme): string[] {
  const {columns, widths} = planTable(tasks, width);
  const heading = columns.map((c) => ` ${align(c.key, widths.get(c.key)!, c.align)} `).join('');
  const lines = [paintSegs([seg(heading.trimEnd(), {bold: true, color: theme.accent})], width)];
  for (const t of tasks) {
    const segs: Seg[] = [];
    for (const c of columns) {
      const w = widths.get(c.key)!;
      if (c.key === 'pid') {
        const cell = c.value(t).padStart(w);
        const at = cell.length - String(t.pid).length - 2;
        segs.push(seg(` ${cell.slice(0, at)}`), seg(t.running ? spinner(tick, animate) : ' ', {color: t.running ? theme.busy : undefined}), seg(`${cell.slice(at + 1)} `));
      } else segs.push(seg(` ${align(c.key === 'app' ? cutLeft(t.comm, w) : c.value(t), w, c.align)} `));
    }
    lines.push(paintSegs(trimEnd(segs), width));
  }
  return lines;
}
