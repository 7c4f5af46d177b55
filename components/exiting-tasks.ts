import type {ExitStats, TaskSnapshot} from '../src/engine/snapshot.ts';
import {fmtMs, sparkline} from './format.ts';
import {NO_PATCH, panel, titleRoom, unavailable, type PanelSize} from './panel.ts';
import {tableLines} from './task-table.ts';
import {fitOne, kv, paint, paintText, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export const EXITING_TASKS_TITLE = 'Exiting tasks';

export interface ExitingTasksProps extends PanelSize {
  /** exiting_task_count; null when the kernel lacks the patch. */
  readonly exitingTasks: number | null;
  /** Tasks between SIGKILL and do_task_dead, in the source's order (oldest kill first). */
  readonly tasks: readonly TaskSnapshot[];
  /** Exit latencies of the tasks that finished. */
  readonly exits: ExitStats;
  /** Spinner frame. */
  readonly tick: number;
  /** Spinners on running tasks; off while paused so a paused screen is still. */
  readonly animate: boolean;
}

/** exiting_tasks, exit latency percentiles and the recent latencies as a sparkline. */
export function exitChunks(exitingTasks: number, exits: ExitStats, sparkWidth: number): Chunk[] {
  const chunks: Chunk[] = [
    kv('exiting_tasks', String(exitingTasks)),
    kv('exit p50', fmtMs(exits.p50Ms)),
    kv('p99', fmtMs(exits.p99Ms)),
    kv('killed', String(exits.kills)),
    kv('exited', String(exits.exits)),
  ];
  if (exits.recentMs.length > 0 && sparkWidth > 0) {
    chunks.push([seg('recent ', {dim: true}), seg(sparkline(exits.recentMs, Math.min(sparkWidth, exits.recentMs.length)))]);
  }
  return chunks;
}

/** SIGKILL → do_task_dead: the tasks still exiting, and how long the finished ones took. */
export function exitingTasksLines(p: ExitingTasksProps, theme: Theme): string[] {
  const {width, rows} = p;
  if (p.exitingTasks === null) return panel(EXITING_TASKS_TITLE, [], [unavailable(`exiting_tasks: ${NO_PATCH}`, width)], {width, rows: Math.min(rows, 2)}, theme);
  const all = exitChunks(p.exitingTasks, p.exits, 32);
  const summary = fitOne(all, titleRoom(EXITING_TASKS_TITLE, width));
  const rest = fitOne(all.filter((c) => !summary.includes(c)), width);
  // A table needs its heading and two tasks at least; below that the summary gets the rows.
  const table = rows >= 4;
  // The summary's leftovers get a line of their own when there is room, or when there is no table.
  const restLine = rest.length > 0 && rows >= 2 && (!table || rows >= 7);
  const taskRows = table ? rows - 1 - (restLine ? 1 : 0) - 1 : 0;
  const fits = p.tasks.length <= taskRows;
  const shown = fits ? p.tasks : p.tasks.slice(0, Math.max(0, taskRows - 1));
  const body: string[] = [];
  if (restLine) body.push(paint(rest, width));
  if (table && p.tasks.length === 0) body.push(unavailable('no task between SIGKILL and do_task_dead', width));
  if (table && p.tasks.length > 0) body.push(...tableLines(shown, width, p.tick, p.animate, theme));
  if (table && !fits) body.push(paintText(`… ${p.tasks.length - shown.length} more`, width, {dim: true}));
  return panel(EXITING_TASKS_TITLE, summary, body, p, theme);
}
