import React from 'react';
import {Text} from 'ink';
import Spinner from 'ink-spinner';
import {Table, type CellProps} from 'ink-table';
import type {TaskSnapshot} from '../src/engine/snapshot.ts';
import {fmtCount, truncate} from './format.ts';
import {useTheme} from './theme.ts';

/**
 * The tasks in do_exit as an ink-table, trimmed to the width it gets. The table's box-drawing rules
 * cost a row per task, so the skeleton renders nothing: one line per task, a heading line, columns
 * separated by the table's padding.
 */

/** Marks a task on a CPU right now; the cell turns it into a spinner. */
const RUNNING = '●';

type Row = Record<string, string>;

interface Column {
  readonly key: string;
  readonly align: 'left' | 'right';
  readonly value: (t: TaskSnapshot) => string;
}

const STATE = (t: TaskSnapshot) => (t.reaped ? `${t.state}+reap` : t.state);

/** In order of importance: the last ones are dropped first when the width is short. */
const COLUMNS: readonly Column[] = [
  {key: 'pid', align: 'right', value: (t) => `${t.running ? RUNNING : ' '} ${t.pid}`},
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

/** ink-table pads each cell by one space on both sides. */
const PAD = 2;
const MIN_APP = 8;
/** App names shorter than this are never cut to make room for an optional column. */
const COMFORTABLE_APP = 24;

/** Picks the columns that fit `width` and cuts app names to the room left. */
export function planTable(tasks: readonly TaskSnapshot[], width: number): {columns: Column[]; rows: Row[]} {
  const colWidth = (c: Column) => Math.max(c.key.length, ...tasks.map((t) => c.value(t).length)) + PAD;
  const app = COLUMNS[1]!;
  const wantedApp = Math.min(COMFORTABLE_APP, colWidth(app) - PAD);
  let columns = [...COLUMNS];
  const fixed = () => columns.filter((c) => c !== app).reduce((w, c) => w + colWidth(c), 0);
  while (columns.length > REQUIRED && fixed() + wantedApp + PAD > width) columns = columns.slice(0, -1);
  while (columns.length > 2 && fixed() + MIN_APP + PAD > width) columns = columns.slice(0, -1);
  const appRoom = Math.max(MIN_APP, width - fixed() - PAD);
  columns.sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const rows = tasks.map((t) => {
    const row: Row = {};
    for (const c of columns) row[c.key] = c === app ? truncate(c.value(t), appRoom) : c.value(t);
    return row;
  });
  return {columns, rows};
}

/** No rules: the skeleton would cost a row between every two tasks. */
const Skeleton = () => <></>;

function Heading({children}: {readonly children?: React.ReactNode}) {
  const theme = useTheme();
  return (
    <Text bold color={theme.accent}>
      {children}
    </Text>
  );
}

function renderCell(text: string, animate: boolean, busy: string | undefined) {
  const at = text.indexOf(RUNNING);
  if (at < 0) return <Text>{text}</Text>;
  return (
    <Text>
      {text.slice(0, at)}
      <Text color={busy}>{animate ? <Spinner type="dots" /> : RUNNING}</Text>
      {text.slice(at + 1)}
    </Text>
  );
}

/** Module-level components: a new component type per render would remount every cell. */
function AnimatedCell({children}: CellProps) {
  return renderCell(String(children), true, useTheme().busy);
}

function StaticCell({children}: CellProps) {
  return renderCell(String(children), false, useTheme().busy);
}

interface TaskTableProps {
  readonly tasks: readonly TaskSnapshot[];
  readonly width: number;
  /** Spinners for running tasks; off while paused so a paused screen is still. */
  readonly animate: boolean;
}

export function TaskTable({tasks, width, animate}: TaskTableProps) {
  const {columns, rows} = planTable(tasks, width);
  // ink-table reads its cell component once, in its constructor: a new key makes it take the other one.
  return (
    <Table
      key={animate ? 'animated' : 'static'}
      data={rows}
      columns={columns.map((c) => ({key: c.key, align: c.align}))}
      padding={1}
      skeleton={Skeleton}
      header={Heading}
      cell={animate ? AnimatedCell : StaticCell}
    />
  );
}
