import React, {useReducer} from 'react';
import {useInput} from 'ink';
import type {Source} from '../src/sources/source.ts';
import {keyNames, type KeyContext} from './keymap.ts';
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
  const {a: snapshot, b: other} = useSnapshots(source, compare);
  const size = useTerminalSize(cols, rows);
  const {state: ui, press} = useUiState();
  // Pause and speed live in the source, not in the snapshot: re-read them after every command.
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  const status = source.getStatus();
  const supports = source.supports;

  useInput((input, key) => {
    // Keys typed fast (or pasted) arrive in one read: each is a press of its own.
    for (const name of keyNames(input, key)) {
      onKey?.(name);
      // The source, not the last render: a command earlier in this read may have changed it.
      const ctx: KeyContext = {params: source.getSnapshot().params, status: source.getStatus(), supports, kind: source.kind, compare: compare !== undefined};
      const {state, command} = press(name, ctx);
      if (command !== null) {
        source.control(command);
        refresh();
      }
      if (state.quit !== null) {
        onQuit(state.quit);
        return;
      }
    }
  });

  return (
    <Screen
      snapshot={snapshot} other={other ?? undefined} status={status} supports={supports} kind={source.kind}
      cols={size.cols} rows={size.rows} color={color} helpOpen={ui.helpOpen} notice={ui.notice}
    />
  );
}
