import React, {useCallback, useEffect, useReducer, useRef} from 'react';
import {useInput, useStdin, type Key} from 'ink';
import type {Source} from '../src/sources/source.ts';
import {mergeLogs} from './frame.ts';
import {functionKey, keyNames, type KeyContext, type KeyName} from './keymap.ts';
import {absentOf, computeCompareLayout, computeLayout} from './layout.ts';
import {Screen} from './screen.tsx';
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

/** The one component that talks to the source(s): snapshots in, commands out. */
export function App({source, compare, cols, rows, color, onKey, onQuit}: AppProps) {
  const snaps = useSnapshots(source, compare);
  const size = useTerminalSize(cols, rows);
  const {state: ui, press, notify} = useUiState();
  // Pause and speed live in the source, not in the snapshot: re-read them after every command.
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  const status = source.getStatus();
  const supports = source.supports;
  const latest = useRef(snaps);
  latest.current = snaps;

  const handle = (name: KeyName): boolean => {
    onKey?.(name);
    const {a, b, ha, hb} = latest.current;
    const shape = {nodeCount: a.nodes?.length ?? 0, cpuCount: a.cpus.length, absent: absentOf(a)};
    const layout = b ? computeCompareLayout(size.cols, size.rows, shape) : computeLayout(size.cols, size.rows, shape);
    const logPage = layout.kind === 'too-small' ? 1 : Math.max(1, (layout.kind === 'compare' ? layout.log.rows : layout.panels.log.rows) - 1);
    // The source, not the last render: a command earlier in this read may have changed it.
    const ctx: KeyContext = {params: source.getSnapshot().params, status: source.getStatus(), supports, kind: source.kind, compare: compare !== undefined, logPage, ...(compare ? {otherPolicy: compare.getSnapshot().params.policy} : {})};
    const {state, command} = press(name, ctx, {log: b && hb ? mergeLogs(ha, hb) : ha.log});
    if (command !== null) {
      notify(source.control(command) ?? null);
      refresh();
    }
    if (state.quit !== null) {
      onQuit(state.quit);
      return false;
    }
    return true;
  };

  const handleRef = useRef(handle);
  handleRef.current = handle;
  // One handler for the App's life: Ink's useInput re-subscribes whenever its handler changes,
  // which a new closure per frame would make it do in every commit.
  const onInput = useCallback((input: string, key: Key) => {
    // Keys typed fast (or pasted) arrive in one read: each is a press of its own.
    for (const name of keyNames(input, key)) if (!handleRef.current(name)) return;
  }, []);
  useInput(onInput);

  // F1 and F10 reach useInput as an empty input with no flag: read them from the raw input.
  const {internal_eventEmitter: events} = useStdin();
  useEffect(() => {
    const onRaw = (raw: string) => {
      const name = functionKey(raw);
      if (name !== null) handleRef.current(name);
    };
    events.on('input', onRaw);
    return () => {
      events.off('input', onRaw);
    };
  }, [events]);

  return (
    <Screen
      snapshot={snaps.a} other={snaps.b ?? undefined} history={snaps.ha} otherHistory={snaps.hb ?? undefined}
      status={status} supports={supports} kind={source.kind} cols={size.cols} rows={size.rows} color={color}
      helpOpen={ui.helpOpen} notice={ui.notice} logScroll={ui.logScroll}
    />
  );
}
