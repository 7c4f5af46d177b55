/**
 * The tasks in do_exit as the data of an ink-table `<Table>` (task-table-view.tsx draws it): the
 * columns that fit the width it gets, each cell formatted as shown (so an unchanged table is equal
 * data and does not re-render), app names cut from the left (`…android.youtube`), where the telling
 * part of a package name is. Columns are dropped least important first. Pure: no React.
 */
import type {TaskSnapshot} from '../src/engine/snapshot.ts';
import {cutLeft, fmtCount} from './format.ts';
import {GATHER_POLICIES} from './policy-knobs.ts';
import {spin} from './text.ts';

export interface Column {
  readonly key: string;
  readonly align: 'left' | 'right';
  readonly value: (t: TaskSnapshot) => string;
}

/** The pid column's heading (ink-table sizes a column by its heading and its cells). */
const PID = '   pid';

/**
 * The task's state, `+reap` while lmkd's reaper walks its mm too; `spin ptl` while it spins on the
 * PTE lock of a table that reaper holds (only a reaper can hold one, so `+reap` goes without
 * saying, and the column keeps its width).
 */
const STATE = (t: TaskSnapshot) => (t.ptlSpin === true ? 'spin ptl' : t.reaped ? `${t.state}+reap` : t.state);

/** In order of importance: the last ones are dropped first when the width is short. */
const COLUMNS: readonly Column[] = [
  // Room for the running marker (a spinner while the task is on a CPU) before the pid; the
  // heading is as wide as a 4-digit pid with it, so it does not move when the first task comes.
  {key: PID, align: 'right', value: (t) => `  ${t.pid}`},
  {key: 'app', align: 'left', value: (t) => t.comm},
  {key: 'MM_SWAPENTS', align: 'right', value: (t) => fmtCount(t.swapEntriesLeft)},
  {key: 'ms', align: 'right', value: (t) => String(Math.round(t.elapsedMs))},
  {key: 'freed sync', align: 'right', value: (t) => fmtCount(t.freedSync)},
  {key: 'gathered', align: 'right', value: (t) => fmtCount(t.gathered)},
  {key: 'oom_score_adj', align: 'right', value: (t) => String(t.oomScoreAdj)},
  {key: 'state', align: 'left', value: STATE},
  {key: 'cpu', align: 'right', value: (t) => (t.cpu === null ? '-' : String(t.cpu))},
];

/** The first columns are the table (six under a policy that defers nothing); the others only come when app names keep their room. */
const REQUIRED = 7;

/** Display order, independent of the drop order above. */
const ORDER = [PID, 'app', 'oom_score_adj', 'state', 'cpu', 'MM_SWAPENTS', 'freed sync', 'gathered', 'deferred', 'ms'];

/** ink-table pads each cell by one space on both sides. */
export const PAD = 2;
const MIN_APP = 8;
/** App names shorter than this are never cut to make room for an optional column. */
const COMFORTABLE_APP = 24;

export interface TablePlan {
  readonly columns: readonly Column[];
  /** Content width of each column, by key. */
  readonly widths: ReadonlyMap<string, number>;
}

/**
 * What the `gathered` column is called under a policy: v0 gathers runs on its list, the other
 * deferring policies defer entries their own way, and an inline policy (sync, swap-table) defers
 * nothing, so the column is not shown.
 */
export function deferredHeading(policy: string): string | null {
  if (GATHER_POLICIES.has(policy)) return 'gathered';
  return policy === 'sync' || policy === 'swap-table' ? null : 'deferred';
}

/** Picks the columns that fit `width` and the room app names get, for the running policy. */
export function planTable(tasks: readonly TaskSnapshot[], width: number, policy = 'gather'): TablePlan {
  const deferred = deferredHeading(policy);
  let columns = COLUMNS.flatMap((c) => (c.key !== 'gathered' ? [c] : deferred === null ? [] : [{...c, key: deferred}]));
  // Each column's content width, measured once.
  const measured = new Map(columns.map((c) => [c, tasks.reduce((w, t) => Math.max(w, c.value(t).length), c.key.length)]));
  const contentWidth = (c: Column) => measured.get(c)!;
  const app = columns[1]!;
  const wantedApp = Math.min(COMFORTABLE_APP, contentWidth(app));
  const fixed = () => columns.reduce((w, c) => (c === app ? w : w + contentWidth(c) + PAD), 0);
  const required = REQUIRED - (deferred === null ? 1 : 0);
  while (columns.length > required && fixed() + wantedApp + PAD > width) columns = columns.slice(0, -1);
  while (columns.length > 2 && fixed() + MIN_APP + PAD > width) columns = columns.slice(0, -1);
  // At the narrowest, app names take what is left, however little (the table never wraps).
  const appRoom = Math.max(1, Math.min(contentWidth(app), width - fixed() - PAD));
  columns.sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const widths = new Map(columns.map((c) => [c.key, c === app ? appRoom : contentWidth(c)]));
  return {columns, widths};
}

/** Cells a planned table takes: each column's content and its padding. */
export const planWidth = (plan: TablePlan): number => [...plan.widths.values()].reduce((w, c) => w + c + PAD, 0);

/** What task-table-view.tsx draws: a block of the frame, `rows` tall and at most `width` wide. */
export interface TaskTableModel {
  readonly kind: 'table';
  /** Its place on the screen (exiting-tasks.ts, TASKS_BODY). */
  readonly id: string;
  readonly width: number;
  /** The block's height: the table (heading and `data`), then `after`, then blank rows. */
  readonly rows: number;
  readonly columns: readonly {readonly key: string; readonly align: 'left' | 'right'}[];
  /** One record per task: column key → the cell as shown (the pid cell holds the running marker). */
  readonly data: readonly Readonly<Record<string, string>>[];
  /** Painted lines below the table (`… 3 more`). */
  readonly after: readonly string[];
  /** Colours of the heading and of the running marker; undefined without colour. */
  readonly headingColor: string | undefined;
  readonly busyColor: string | undefined;
}

/** The table's data: cells as shown, app names cut to the room they get, a spinner (or a still dot) for a task on a CPU. */
export function tableData(tasks: readonly TaskSnapshot[], plan: TablePlan, animate: boolean): Record<string, string>[] {
  return tasks.map((t) => {
    const row: Record<string, string> = {};
    for (const c of plan.columns) {
      const w = plan.widths.get(c.key)!;
      if (c.key === PID) row[c.key] = `${t.running ? spin(animate) : ' '} ${t.pid}`;
      else if (c.key === 'app') row[c.key] = cutLeft(t.comm, w);
      else row[c.key] = c.value(t);
    }
    return row;
  });
}
