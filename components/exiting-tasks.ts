import type {ExitStats, TaskSnapshot} from '../src/engine/snapshot.ts';
import {fmtMs, sparkline} from './format.ts';
import {NO_PATCH, panel, titleRoom, unavailable, type PanelSize} from './panel.ts';
import {planTable, planWidth, tableData, type TablePlan} from './task-table.ts';
import {rowsBlock, type Block} from './blocks.ts';
import {fitOne, kv, paint, paintText, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';
import {termsOf} from '../src/workload/terms.ts';

export const EXITING_TASKS_TITLE = 'Exiting tasks';

/**
 * The id of the block under the title: the table, or the line saying there is none, always as
 * tall, so that what is below stays in place (and keeps its Ink nodes) when a kill wave starts.
 */
export const TASKS_BODY = 'tasks-body';

export interface ExitingTasksProps extends PanelSize {
  /** exiting_task_count; null when the kernel lacks the patch. */
  readonly exitingTasks: number | null;
  /** Tasks between SIGKILL and do_task_dead, in the source's order (oldest kill first). */
  readonly tasks: readonly TaskSnapshot[];
  /** The running policy: what the table calls entries it defers (or that it defers none). @default gather */
  readonly policy?: string;
  /** Exit latencies of the tasks that finished. */
  readonly exits: ExitStats;
  /** Spinners on running tasks; off while paused so a paused screen is still. */
  readonly animate: boolean;
  /** The scenario's workload kind: its words for how a task's ending starts (SIGKILL, exit_group, munmap). */
  readonly workload?: string;
}

/** exiting_tasks, exit latency percentiles and the recent latencies as a sparkline. */
export function exitChunks(exitingTasks: number, exits: ExitStats, sparkWidth: number, workload?: string): Chunk[] {
  const t = termsOf(workload);
  const chunks: Chunk[] = [
    kv('exiting_tasks', String(exitingTasks)),
    kv('exit p50', fmtMs(exits.p50Ms)),
    kv('p99', fmtMs(exits.p99Ms)),
    // A workload that unmaps instead of killing (munmap) has exits and no kills: no "killed 0".
    ...(t.killed && (exits.kills > 0 || exits.exits === 0) ? [kv(t.start === 'SIGKILL' ? 'killed' : t.start, String(exits.kills))] : []),
    kv('exited', String(exits.exits)),
  ];
  if (exits.recentMs.length > 0 && sparkWidth > 0) {
    chunks.push([seg('recent ', {dim: true}), seg(sparkline(exits.recentMs, Math.min(sparkWidth, exits.recentMs.length)))]);
  }
  return chunks;
}

/**
 * SIGKILL → do_task_dead: the tasks still exiting (an ink-table, see task-table-view.tsx), and how
 * long the finished ones took. Exactly `rows` tall: the title, the summary's leftovers when there
 * is room, then the table's block, which keeps its height whether one task exits or ten.
 */
export function exitingTasksBlocks(p: ExitingTasksProps, theme: Theme): Block[] {
  const {width, rows} = p;
  if (rows <= 0 || width <= 0) return [];
  if (p.exitingTasks === null) return [rowsBlock(panel(EXITING_TASKS_TITLE, [], [unavailable(`exiting_tasks: ${NO_PATCH}`, width)], {width, rows: Math.min(rows, 2)}, theme))];
  const all = exitChunks(p.exitingTasks, p.exits, 32, p.workload);
  const summary = fitOne(all, titleRoom(EXITING_TASKS_TITLE, width));
  const rest = fitOne(all.filter((c) => !summary.includes(c)), width);
  // A table needs its heading and two tasks at least; below that the summary gets the rows.
  const table = rows >= 4;
  // The summary's leftovers get a line of their own when there is room, or when there is no table.
  const restLine = rest.length > 0 && rows >= 2 && (!table || rows >= 7);
  const head = panel(EXITING_TASKS_TITLE, summary, restLine ? [paint(rest, width)] : [], p, theme);
  const bodyRows = rows - head.length;
  if (!table || bodyRows <= 0) return [rowsBlock(head)];
  if (p.tasks.length === 0) {
    // The table stays, headings only, with a line saying why it is empty: as htop keeps its
    // column headings, and a kill wave then adds rows to a table already on screen instead of
    // building one (the blocks below keep their place too, see TASKS_BODY).
    const t = termsOf(p.workload);
    const idle = !t.killed || (p.exits.kills === 0 && p.exits.exits > 0) ? 'no task unmapping or exiting now' : `no task between ${t.start} and ${t.end}`;
    const message = unavailable(idle, width);
    const plan = planTable([], width, p.policy);
    if (planWidth(plan) > width || bodyRows < 2) return [rowsBlock(head), rowsBlock([message], TASKS_BODY)];
    return [rowsBlock(head), tableBlock(plan, [], [message], bodyRows, width, theme, p.animate)];
  }
  const taskRows = bodyRows - 1;
  const fits = p.tasks.length <= taskRows;
  const shown = fits ? p.tasks : p.tasks.slice(0, Math.max(0, taskRows - 1));
  const plan = planTable(shown, width, p.policy);
  const after = fits ? [] : [paintText(`… ${p.tasks.length - shown.length} more`, width, {dim: true})];
  // Too narrow for even a pid and a letter of the app: the count says it.
  if (planWidth(plan) > width) return [rowsBlock(head), rowsBlock([paintText(`${p.tasks.length} tasks in do_exit`, width)], TASKS_BODY)];
  return [rowsBlock(head), tableBlock(plan, shown, after, bodyRows, width, theme, p.animate)];
}

function tableBlock(plan: TablePlan, tasks: readonly TaskSnapshot[], after: readonly string[], rows: number, width: number, theme: Theme, animate: boolean): Block {
  return {
    kind: 'table', id: TASKS_BODY, width, rows, after, headingColor: theme.accent, busyColor: theme.busy,
    columns: plan.columns.map((c) => ({key: c.key, align: c.align})),
    data: tableData(tasks, plan, animate),
  };
}
