import React, {createContext, memo, useContext, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {Table} from 'ink-table';
import {Row, SPINNER_TYPE} from './rows.tsx';
import type {TaskTableModel} from './task-table.ts';
import {SPIN} from './text.ts';

/**
 * The exiting tasks as an ink-table `<Table>`. Its skeleton (the box-drawing frame and the rule
 * between rows) is not drawn: each task takes one row, as in htop, and a frame would cost three
 * rows more than the table has at 80×24. The cells are ink-table's, padded by a space on each side;
 * the heading keeps the dashboard's colours, and a task on a CPU has a live ink-spinner before its
 * pid. Memoized on the data as shown: a frame whose table did not change re-renders nothing here.
 */

interface TableStyle {
  readonly headingColor: string | undefined;
  readonly busyColor: string | undefined;
  /** Bold and colour; off for text going to a file. */
  readonly styles: boolean;
}

// ink-table builds its rows from the cell components once, when it is constructed: they must stay
// the same functions, so what styles them comes through a context.
const Style = createContext<TableStyle>({headingColor: undefined, busyColor: undefined, styles: true});

function Heading({children}: {readonly children?: ReactNode}) {
  const {headingColor, styles} = useContext(Style);
  const text = String(children);
  if (!styles) return <Text>{text}</Text>;
  // Only the words are styled: ink-table's padding stays plain, so a row ends in plain blanks,
  // which Ink trims (a styled blank at the end of the last heading would not be).
  const core = text.trim();
  const at = text.indexOf(core);
  return (
    <Text>
      {text.slice(0, at)}
      <Text bold color={headingColor}>
        {core}
      </Text>
      {text.slice(at + core.length)}
    </Text>
  );
}

/** Memoized: a row re-renders every frame while its task exits, but only a few of its cells change. */
const Cell = memo(function Cell({children}: {readonly children?: ReactNode; readonly column: number}) {
  const {busyColor, styles} = useContext(Style);
  const text = String(children);
  const at = text.indexOf(SPIN);
  if (at < 0) return <Text>{text}</Text>;
  return (
    <Text>
      {text.slice(0, at)}
      <Text color={styles ? busyColor : undefined}>
        <Spinner type={SPINNER_TYPE} />
      </Text>
      {text.slice(at + 1)}
    </Text>
  );
});

/**
 * No frame: ink-table's top, bottom and between-row rules collapse to nothing, its `│` too. The
 * mark tells the CLI's build of ink-table (scripts/ink-component-patches.js) not to build them.
 */
const Skeleton = Object.assign((): React.JSX.Element => <></>, {inkTableDrawsNothing: true});

const sameData = (a: TaskTableModel['data'], b: TaskTableModel['data']): boolean =>
  a.length === b.length &&
  a.every((row, i) => {
    const other = b[i]!;
    for (const k in row) if (row[k] !== other[k]) return false;
    return true;
  });

const same = (a: TaskTableProps, b: TaskTableProps): boolean => {
  const x = a.model;
  const y = b.model;
  return (
    a.styles === b.styles &&
    x.width === y.width &&
    x.rows === y.rows &&
    x.headingColor === y.headingColor &&
    x.busyColor === y.busyColor &&
    x.columns.length === y.columns.length &&
    x.columns.every((c, i) => c.key === y.columns[i]!.key && c.align === y.columns[i]!.align) &&
    x.after.length === y.after.length &&
    x.after.every((l, i) => l === y.after[i]) &&
    sameData(x.data, y.data)
  );
};

export interface TaskTableProps {
  readonly model: TaskTableModel;
  /** @default true */
  readonly styles?: boolean;
}

export const TaskTable = memo(function TaskTable({model, styles = true}: TaskTableProps) {
  return (
    <Style.Provider value={{headingColor: model.headingColor, busyColor: model.busyColor, styles}}>
      <Box flexDirection="column" width={model.width} height={model.rows} flexShrink={0}>
        <Table data={model.data as Record<string, string>[]} columns={model.columns.map((c) => ({key: c.key, align: c.align}))} header={Heading} cell={Cell} skeleton={Skeleton} />
        {model.after.map((line, i) => (
          <Row key={i} text={line} />
        ))}
      </Box>
    </Style.Provider>
  );
}, same);
