import React, {memo} from 'react';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {SPIN} from './text.ts';

/**
 * ink-spinner's type for everything in progress. Its frames are one cell wide (the SPIN marker's
 * width), and its interval is cli-spinners' own 180 ms: slower than the dashboard's 10 Hz frames,
 * so spinners never draw a frame of their own while the clock runs (the header's clock changes
 * every frame anyway and Ink's throttle merges the spinner's updates into those frames).
 */
export const SPINNER_TYPE = 'squareCorners';

/**
 * One screen row: a painted string, one Ink `<Text>`. A SPIN marker in it becomes an ink-spinner
 * `<Spinner>` nested in that Text, styled by the escapes around the marker. Memoized on its text,
 * so a row whose text did not change costs React nothing, and a spinner re-renders only itself.
 */
export const Row = memo(function Row({text}: {readonly text: string}) {
  // A blank row is a space: an empty Text has no height.
  if (!text.includes(SPIN)) return <Text>{text === '' ? ' ' : text}</Text>;
  const parts = text.split(SPIN);
  return (
    <Text>
      {parts.map((part, i) => (
        <React.Fragment key={i}>
          {i > 0 ? <Spinner type={SPINNER_TYPE} /> : null}
          {part}
        </React.Fragment>
      ))}
    </Text>
  );
});

export interface RowsProps {
  readonly rows: readonly string[];
  /**
   * Screen row of the first row: blocks are keyed by where they are on the screen (screen.tsx), so
   * a block that stays in place keeps its component when the rows above it change count.
   */
  readonly y: number;
}

/**
 * A column of rows as one Ink `<Text>`, the rows joined by newlines (a blank row is a space, so it
 * keeps its line). One Text instead of one per row: a 40-row screen is a handful of Ink nodes
 * instead of forty, so React reconciles, Yoga lays out and Ink squashes and measures far fewer
 * nodes in every frame; Ink still writes and caches the output row by row (ink-patches.js), so an
 * unchanged row costs as little as before. SPIN markers become ink-spinner `<Spinner>`s nested in
 * the Text, as in `Row`. Re-rendered only when one of the rows changed.
 */
export const Rows = memo(
  function Rows({rows}: RowsProps) {
    const text = rows.map((row) => (row === '' ? ' ' : row)).join('\n');
    return (
      <Box flexDirection="column" flexShrink={0}>
        <Row text={text} />
      </Box>
    );
  },
  (a, b) => a.y === b.y && a.rows.length === b.rows.length && a.rows.every((r, i) => r === b.rows[i]),
);
