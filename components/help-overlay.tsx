import React, {memo} from 'react';
import {Box, Text} from 'ink';
import type {CommandType} from '../src/sources/source.ts';
import {isAvailable, KEYMAP} from './keymap.ts';
import {sameProps} from './same.ts';
import {LEVEL_MARKER, THRESHOLDS, useTheme} from './theme.ts';

export const HELP_TITLE = 'Keys';

interface HelpOverlayProps {
  /** What the source understands; the other keys show as n/a. */
  readonly supports: ReadonlySet<CommandType>;
  /** Compare mode (some keys are n/a there). */
  readonly compare: boolean;
  /** Source kind, named next to unavailable keys. */
  readonly kind: string;
  /** Columns of the overlay. */
  readonly width: number;
  /** Rows of the overlay, border included. */
  readonly rows: number;
}

const LABEL_WIDTH = 7;

/** What the levels mean: the thresholds from theme.ts. */
const LEGEND = [
  `${LEVEL_MARKER.ok} / ${LEVEL_MARKER.warn} / ${LEVEL_MARKER.crit}: PSI some avg10 ≥ ${THRESHOLDS.psiSomeAvg10.warn} / ≥ ${THRESHOLDS.psiSomeAvg10.crit}, full avg10 ≥ ${THRESHOLDS.psiFullAvg10.warn} / ≥ ${THRESHOLDS.psiFullAvg10.crit}`,
  `${' '.repeat(LEVEL_MARKER.ok.length + LEVEL_MARKER.warn.length + LEVEL_MARKER.crit.length + 8)}free < low / < min; node CPU ≥ ${THRESHOLDS.nodeCpuBusyPct.warn}% / ≥ ${THRESHOLDS.nodeCpuBusyPct.crit}%`,
];

/** The keymap, one line per binding; keys this source cannot serve are dimmed and marked n/a. */
function HelpOverlayView({supports, compare, kind, width, rows}: HelpOverlayProps) {
  const theme = useTheme();
  const inner = Math.max(0, rows - 2);
  const legend = inner >= KEYMAP.length + 1 + LEGEND.length ? LEGEND : [];
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={theme.title} paddingX={1} overflow="hidden">
      <Text bold color={theme.title} wrap="truncate">
        {HELP_TITLE} <Text dimColor>(Esc, q or ? closes)</Text>
      </Text>
      {KEYMAP.map((b) => {
        const ok = isAvailable(b, supports, compare);
        return (
          <Text key={b.label} wrap="truncate" dimColor={!ok}>
            <Text bold={ok} color={ok ? theme.accent : undefined}>
              {b.label.padEnd(LABEL_WIDTH)}
            </Text>
            {b.help}
            {ok ? '' : compare && b.notInCompare ? '  n/a in compare mode' : `  n/a on the ${kind} source`}
          </Text>
        );
      })}
      {legend.map((l) => (
        <Text key={l} dimColor wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}

export const HelpOverlay = memo(HelpOverlayView, sameProps);
