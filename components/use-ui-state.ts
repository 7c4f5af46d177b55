import {useCallback, useRef, useState} from 'react';
import type {KeyContext, KeyName} from './keymap.ts';
import {initialUiState, pressKey, withNotice, type KeyResult, type UiContext, type UiState} from './ui-state.ts';

/**
 * The UI state as a hook: `press` runs `pressKey` against the latest state (a ref, so two keys in
 * one frame both count) and returns the result; the caller sends the command and may then `notify`
 * what the source said about it.
 */
export function useUiState(): {state: UiState; press: (key: KeyName, ctx: KeyContext, ui: UiContext) => KeyResult; notify: (notice: string | null) => void} {
  const [state, setState] = useState(initialUiState);
  const ref = useRef(state);
  const set = useCallback((next: UiState) => {
    if (next === ref.current) return;
    ref.current = next;
    setState(next);
  }, []);
  const press = useCallback(
    (key: KeyName, ctx: KeyContext, ui: UiContext) => {
      const result = pressKey(ref.current, key, ctx, ui);
      set(result.state);
      return result;
    },
    [set],
  );
  const notify = useCallback((notice: string | null) => set(withNotice(ref.current, notice)), [set]);
  return {state, press, notify};
}
