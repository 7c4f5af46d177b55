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
   * Screen row of the first row: rows are keyed by where they are on the screen, so a row that
   * stays in place keeps its component when the rows above it change count (a table growing).
   */
  readonly y: number;
}

/** A column of rows, re-rendered only when one of them changed. */
export const Rows = memo(
  function Rows({rows, y}: RowsProps) {
    return (
      <Box flexDirection="column" flexShrink={0}>
        {rows.map((row, i) => (
          <Row key={y + i} text={row} />
        ))}
      </Box>
    );
  },
  (a, b) => a.y === b.y && a.rows.length === b.rows.length && a.rows.every((r, i) => r === b.rows[i]),
);
