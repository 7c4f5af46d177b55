import React, {useMemo, useReducer, useRef} from 'react';
import {Box, Text, useInput} from 'ink';
import type {Source} from '../src/sources/source.ts';
import {CompareView} from './compare-view.tsx';
import {DashboardView} from './dashboard-view.tsx';
import {Footer} from './footer.tsx';
import {Header} from './header.tsx';
import {HelpOverlay} from './help-overlay.tsx';
import {keyName, type KeyContext} from './keymap.ts';
import {absentOf, computeCompareLayout, computeLayout, MIN_COLS, MIN_ROWS} from './layout.ts';
import {makeTheme, ThemeContext} from './theme.ts';
import {useSnapshots} from './use-snapshot.ts';
import {useTerminalSize} from './use-terminal-size.ts';
import {useUiState} from './use-ui-state.ts';

export interface AppProps {
  /** Where snapshots come from and commands go. */
  readonly source: Source;
  /**
   * A second source for `--compare` (same scenario and seed, another policy). It only shows: keys go
   * to `source`, which moves its follower in lockstep (SimSource.follow).
   */
  readonly compare?: Source;
  /** Fixed width for recordings. @default the terminal's, following resizes */
  readonly cols?: number;
  /** Fixed height for recordings. @default the terminal's, following resizes */
  readonly rows?: number;
  /** False under NO_COLOR: no colour anywhere, the text markers remain. */
  readonly color: boolean;
  /** Called with the key name for every key press (recorders mark them). */
  readonly onKey?: (key: string) => void;
  /** The user asked to quit, with this exit code. */
  readonly onQuit: (code: number) => void;
}

/** The help reads better as a box than stretched over a wide terminal. */
const HELP_WIDTH = 100;

/** The one component that talks to the source(s): snapshots in, commands out. */
export function App({source, compare, cols, rows, color, onKey, onQuit}: AppProps) {
  const {a: snapshot, b: other} = useSnapshots(source, compare);
  const size = useTerminalSize(cols, rows);
  const {state: ui, press} = useUiState();
  // Pause and speed live in the source, not in the snapshot: re-read them after every command.
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  const status = source.getStatus();
  const theme = useMemo(() => makeTheme(color), [color]);
  const supports = source.supports;

  const latest = useRef({snapshot, status});
  latest.current = {snapshot, status};
  useInput((input, key) => {
    const name = keyName(input, key);
    if (name === null) return;
    onKey?.(name);
    const {snapshot: s, status: st} = latest.current;
    const ctx: KeyContext = {params: s.params, status: st, supports, kind: source.kind, compare: compare !== undefined};
    const {state, command} = press(name, ctx);
    if (command !== null) {
      source.control(command);
      refresh();
    }
    if (state.quit !== null) onQuit(state.quit);
  });

  const shape = {nodeCount: snapshot.nodes?.length ?? 0, cpuCount: snapshot.cpus.length, absent: absentOf(snapshot)};
  const layout = compare ? computeCompareLayout(size.cols, size.rows, shape) : computeLayout(size.cols, size.rows, shape);
  if (layout.kind === 'too-small') {
    return (
      <Box width={layout.width} height={1} overflow="hidden">
        <Text wrap="truncate">{`aswap needs at least ${MIN_COLS}×${MIN_ROWS}; this terminal is ${size.cols}×${size.rows}`}</Text>
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
        {ui.helpOpen ? (
          <HelpOverlay supports={supports} compare={compare !== undefined} kind={source.kind} width={Math.min(layout.body.width, HELP_WIDTH)} rows={layout.body.rows} />
        ) : layout.kind === 'compare' && other ? (
          <CompareView a={snapshot} b={other} layout={layout} animate={animate} />
        ) : layout.kind !== 'compare' ? (
          <DashboardView snapshot={snapshot} layout={layout} animate={animate} />
        ) : null}
        <Footer supports={supports} compare={compare !== undefined} notice={ui.notice} width={layout.footer.width} />
      </Box>
    </ThemeContext.Provider>
  );
}
