import React, {memo} from 'react';
import {Text} from 'ink';
import type {ExitStats, TaskSnapshot} from '../src/engine/snapshot.ts';
import {fmtMs, sparkline} from './format.ts';
import {fitOne, kv, Line, seg, type Chunk} from './line.tsx';
import {NO_PATCH, Panel, titleRoom, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {TaskTable} from './task-table.tsx';

export const EXITING_TASKS_TITLE = 'Exiting tasks';

interface ExitingTasksProps {
  /** exiting_task_count; null when the kernel lacks the patch. */
  readonly exitingTasks: number | null;
  /** Tasks between SIGKILL and do_task_dead, in the source's order (oldest kill first). */
  readonly tasks: readonly TaskSnapshot[];
  /** Exit latencies of the tasks that finished. */
  readonly exits: ExitStats;
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
  /** Spinners on running tasks. @default true */
  readonly animate?: boolean;
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
function ExitingTasksView({exitingTasks, tasks, exits, width, rows, animate = true}: ExitingTasksProps) {
  if (exitingTasks === null) {
    return (
      <Panel title={EXITING_TASKS_TITLE} width={width} rows={Math.min(rows, 2)}>
        <Unavailable text={`exiting_tasks: ${NO_PATCH}`} />
      </Panel>
    );
  }
  const all = exitChunks(exitingTasks, exits, 32);
  const summary = fitOne(all, titleRoom(EXITING_TASKS_TITLE, width));
  const rest = fitOne(all.filter((c) => !summary.includes(c)), width);
  // A table needs its heading and two tasks at least; below that the summary gets the rows.
  const table = rows >= 4;
  // The summary's leftovers get a line of their own when there is room, or when there is no table.
  const restLine = rest.length > 0 && rows >= 2 && (!table || rows >= 7);
  const taskRows = table ? rows - 1 - (restLine ? 1 : 0) - 1 : 0;
  const fits = tasks.length <= taskRows;
  const shown = fits ? tasks : tasks.slice(0, Math.max(0, taskRows - 1));
  return (
    <Panel title={EXITING_TASKS_TITLE} summary={summary} width={width} rows={rows}>
      {restLine ? <Line chunks={rest} /> : null}
      {table && tasks.length === 0 ? <Unavailable text="no task between SIGKILL and do_task_dead" /> : null}
      {table && tasks.length > 0 ? <TaskTable tasks={shown} width={width} animate={animate} /> : null}
      {table && !fits ? (
        <Text dimColor wrap="truncate">
          {`… ${tasks.length - shown.length} more`}
        </Text>
      ) : null}
    </Panel>
  );
}

export const ExitingTasks = memo(ExitingTasksView, sameProps);
