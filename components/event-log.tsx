import React, {memo} from 'react';
import {Text} from 'ink';
import type {LogEntry} from '../src/engine/snapshot.ts';
import {fmtSeconds} from './format.ts';
import {Panel, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {useTheme} from './theme.ts';

export const EVENT_LOG_TITLE = 'Event log';

/** Wide enough for the longest kind, `alloc-fail`. */
const KIND_WIDTH = 10;

interface EventLogProps {
  /** Newest last (as in the snapshot). */
  readonly log: readonly LogEntry[];
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
}

/** Kills, exits, flushes, OOM-path flushes, allocation failures and parameter changes; newest at the bottom, like a tail. */
function EventLogView({log, width, rows}: EventLogProps) {
  const theme = useTheme();
  const shown = rows > 1 ? log.slice(-(rows - 1)) : [];
  return (
    <Panel title={EVENT_LOG_TITLE} summary={[[{text: 'newest last', dim: true}]]} width={width} rows={rows}>
      {log.length === 0 && rows > 1 ? <Unavailable text="no events yet" /> : null}
      {shown.map((e) => (
        <Text key={e.seq} wrap="truncate">
          <Text dimColor>{fmtSeconds(e.tNs).padStart(7)} </Text>
          <Text color={theme.log(e.kind)} bold={e.kind === 'oom' || e.kind === 'alloc-fail'}>
            {e.kind.padEnd(KIND_WIDTH)}
          </Text>{' '}
          {e.text}
        </Text>
      ))}
    </Panel>
  );
}

export const EventLog = memo(EventLogView, sameProps);
