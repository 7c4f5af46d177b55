import React, {memo, useMemo} from 'react';
import {Box} from 'ink';
import type {Block} from './blocks.ts';
import {frameBlocks, type FrameProps} from './frame.ts';
import {Rows} from './rows.tsx';
import {TaskTable} from './task-table-view.tsx';
import {plain} from './text.ts';
import {makeTheme} from './theme.ts';

export interface ScreenProps extends FrameProps {
  /** False under NO_COLOR. */
  readonly color: boolean;
  /** Bold, dim and reverse video; off for text going to a file or a pipe. @default true */
  readonly styles?: boolean;
}

/** Blocks without escapes: for a file or a pipe. */
function unstyled(blocks: readonly Block[]): Block[] {
  return blocks.map((b): Block => {
    if (b.kind === 'rows') return {...b, rows: b.rows.map(plain)};
    if (b.kind === 'table') return {...b, after: b.after.map(plain), headingColor: undefined, busyColor: undefined};
    return {...b, left: unstyled(b.left), right: unstyled(b.right)};
  });
}

interface BlocksProps {
  readonly blocks: readonly Block[];
  /** Screen row of the first block (rows are keyed by where they are). */
  readonly y: number;
  readonly styles: boolean;
}

/**
 * Blocks stacked: painted rows as one Ink `<Text>` per row (Ink lays out and diffs a flat column,
 * and React only touches rows whose text changed), the tasks' table as ink-table, columns as two
 * fixed-width Ink boxes. Blocks are keyed by their id (the tasks' table and the line that takes its
 * place share one) or their kind and screen row, so one that stays in place keeps its components.
 */
export const Blocks = memo(function Blocks({blocks, y, styles}: BlocksProps) {
  let at = y;
  return (
    <>
      {blocks.map((b) => {
        const top = at;
        at += b.kind === 'rows' ? b.rows.length : b.rows;
        if (b.kind === 'rows') return <Rows key={b.id ?? `rows@${top}`} rows={b.rows} y={top} />;
        if (b.kind === 'table') return <TaskTable key={b.id} model={b} styles={styles} />;
        return (
          <Box key={`beside@${top}`} flexDirection="row" height={b.rows} flexShrink={0}>
            <Box flexDirection="column" width={b.leftWidth + 1} flexShrink={0}>
              <Blocks blocks={b.left} y={top} styles={styles} />
            </Box>
            <Box flexDirection="column" width={b.rightWidth} flexShrink={0}>
              <Blocks blocks={b.right} y={top} styles={styles} />
            </Box>
          </Box>
        );
      })}
    </>
  );
});

/** The whole screen as a pure function of its props (see frame.ts). */
export function Screen(props: ScreenProps) {
  const theme = useMemo(() => makeTheme(props.color), [props.color]);
  const styles = props.styles !== false;
  const blocks = frameBlocks(props, theme);
  return (
    <Box flexDirection="column">
      <Blocks blocks={styles ? blocks : unstyled(blocks)} y={0} styles={styles} />
    </Box>
  );
}
