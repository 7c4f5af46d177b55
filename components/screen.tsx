import React, {memo, useMemo} from 'react';
import {Box, Text} from 'ink';
import {frameRows, type FrameProps} from './frame.ts';
import {plain} from './text.ts';
import {makeTheme} from './theme.ts';

export interface ScreenProps extends FrameProps {
  /** False under NO_COLOR. */
  readonly color: boolean;
  /** Bold, dim and reverse video; off for text going to a file or a pipe. @default true */
  readonly styles?: boolean;
}

/**
 * One Ink `<Text>` per screen row, nothing nested: Ink lays out and diffs a flat column, and React
 * only touches the rows whose text changed. A blank row is a space (an empty Text has no height).
 */
const Rows = memo(function Rows({rows}: {readonly rows: readonly string[]}) {
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i}>{row === '' ? ' ' : row}</Text>
      ))}
    </Box>
  );
}, (a, b) => a.rows.length === b.rows.length && a.rows.every((r, i) => r === b.rows[i]));

/** The whole screen as a pure function of its props (see frame.ts). */
export function Screen(props: ScreenProps) {
  const theme = useMemo(() => makeTheme(props.color), [props.color]);
  const rows = frameRows(props, theme);
  return <Rows rows={props.styles === false ? rows.map(plain) : rows} />;
}
