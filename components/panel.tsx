import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {Line, type Chunk} from './line.tsx';
import {useTheme} from './theme.ts';

interface PanelProps {
  /** Shown bold on the first line; the e2e test looks for it. */
  readonly title: string;
  /** Facts that fit next to the title (a summary), cut if the line is full. */
  readonly summary?: readonly Chunk[];
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included; the content is clipped to them. */
  readonly rows: number;
  readonly children?: ReactNode;
}

/**
 * A titled region with a fixed size. The title is in reverse video so panels stay apart without
 * borders (a border costs two rows) and without colour. The fixed height and `overflow="hidden"` are the guarantee
 * behind the row budget: whatever a panel renders, the frame never grows taller than the terminal
 * (Ink clears the whole screen when it does, which is the flicker we avoid).
 */
export function Panel({title, summary = [], width, rows, children}: PanelProps) {
  const theme = useTheme();
  if (rows <= 0 || width <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={rows} overflow="hidden" flexShrink={0}>
      <Text wrap="truncate">
        <Text bold inverse color={theme.title}>
          {` ${title} `}
        </Text>
        {summary.length > 0 ? '  ' : ''}
        {summary.length > 0 ? <Line chunks={summary} /> : null}
      </Text>
      {children}
    </Box>
  );
}

/** The one line a section shows when the source cannot fill it (never zeros). */
export function Unavailable({text}: {readonly text: string}) {
  return (
    <Text wrap="truncate" dimColor>
      {text}
    </Text>
  );
}

/** Columns left for the summary next to a title (reverse-video padding and a two-space gap). */
export const titleRoom = (title: string, width: number): number => width - title.length - 4;

/** What a null gather / nodes / exiting_tasks section means on a host. */
export const NO_PATCH = 'patch not present on this kernel';
export const NOT_AVAILABLE = 'not available';
