import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {Snapshot} from '../src/engine/snapshot.ts';
import type {CommandType, Source, SourceStatus} from '../src/sources/source.ts';
import {CompareView} from './compare-view.tsx';
import {DashboardView} from './dashboard-view.tsx';
import {Footer} from './footer.tsx';
import {Header} from './header.tsx';
import {HelpOverlay} from './help-overlay.tsx';
import {absentOf, computeCompareLayout, computeLayout, MIN_COLS, MIN_ROWS} from './layout.ts';
import {makeTheme, ThemeContext} from './theme.ts';

export interface ScreenProps {
  readonly snapshot: Snapshot;
  /** The compare source's snapshot (`--compare`), if any. */
  readonly other?: Snapshot;
  readonly status: SourceStatus;
  readonly supports: ReadonlySet<CommandType>;
  readonly kind: Source['kind'];
  /** The layout size. */
  readonly cols: number;
  readonly rows: number;
  /** False under NO_COLOR. */
  readonly color: boolean;
  /** @default false */
  readonly helpOpen?: boolean;
  /** A one-line notice in the footer (why a key did nothing). @default null */
  readonly notice?: string | null;
}

/** The help reads better as a box than stretched over a wide terminal. */
const HELP_WIDTH = 100;

/**
 * The whole screen as a pure function of snapshots: the live App (which adds the keys) and the
 * recorders without a terminal (`aswap record`, `aswap snapshot`) render exactly this.
 */
export function Screen({snapshot, other, status, supports, kind, cols, rows, color, helpOpen = false, notice = null}: ScreenProps) {
  const theme = useMemo(() => makeTheme(color), [color]);
  const compare = other !== undefined;
  const shape = {nodeCount: snapshot.nodes?.length ?? 0, cpuCount: snapshot.cpus.length, absent: absentOf(snapshot)};
  const layout = compare ? computeCompareLayout(cols, rows, shape) : computeLayout(cols, rows, shape);
  if (layout.kind === 'too-small') {
    return (
      <Box width={layout.width} height={1} overflow="hidden">
        <Text wrap="truncate">{`aswap needs at least ${MIN_COLS}×${MIN_ROWS}; this terminal is ${cols}×${rows}`}</Text>
      </Box>
    );
  }
  const animate = !status.paused;
  const policy = other ? `${snapshot.params.policy} vs ${other.params.policy}` : snapshot.params.policy;
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
        <Header
          source={snapshot.source} scenario={snapshot.scenario} device={snapshot.device} seed={snapshot.seed}
          nowNs={snapshot.nowNs} params={snapshot.params} policy={policy}
          paused={status.paused} speed={status.speed} note={status.note} {...layout.header}
        />
        {helpOpen ? (
          <HelpOverlay supports={supports} compare={compare} kind={kind} width={Math.min(layout.body.width, HELP_WIDTH)} rows={layout.body.rows} />
        ) : layout.kind === 'compare' && other ? (
          <CompareView a={snapshot} b={other} layout={layout} animate={animate} />
        ) : layout.kind !== 'compare' ? (
          <DashboardView snapshot={snapshot} layout={layout} animate={animate} />
        ) : null}
        <Footer supports={supports} compare={compare} notice={notice} width={layout.footer.width} />
      </Box>
    </ThemeContext.Provider>
  );
}
