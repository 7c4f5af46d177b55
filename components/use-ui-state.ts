import {useCallback, useRef, useState} from 'react';
import type {Command} from '../src/sources/source.ts';
import {bindingFor, isAvailable, type KeyContext, type KeyName} from './keymap.ts';

/** What a key press does to the dashboard (kebab-case, as ink-ui names its actions). */
export type UiAction =
  | {readonly type: 'send'; readonly command: Command}
  | {readonly type: 'toggle-help'}
  | {readonly type: 'close-help'}
  | {readonly type: 'quit'; readonly code: number}
  | {readonly type: 'no-op'; readonly reason: string};

export interface UiState {
  readonly helpOpen: boolean;
  /** Exit code once a quit was asked for, else null. */
  readonly quit: number | null;
  /** Why the last key did nothing (at a limit, n/a on this source); cleared by the next key that acts. */
  readonly notice: string | null;
}

export const initialUiState: UiState = {helpOpen: false, quit: null, notice: null};

/** Pure: the UI state after an action. Commands are not state: `pressKey` hands them out. */
export function reduceUi(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'send':
      return {...state, notice: null};
    case 'toggle-help':
      return {...state, helpOpen: !state.helpOpen, notice: null};
    case 'close-help':
      return {...state, helpOpen: false};
    case 'quit':
      return {...state, quit: action.code};
    case 'no-op':
      return {...state, notice: action.reason};
  }
}

/**
 * Pure: which action a key means right now. While the help is open it is modal: Esc, q and ?
 * close it (q must not quit from there), Ctrl-C still quits, other keys are ignored.
 */
export function actionFor(state: UiState, key: KeyName, ctx: KeyContext): UiAction | null {
  if (key === 'ctrl-c') return {type: 'quit', code: 0};
  if (state.helpOpen) return key === 'escape' || key === 'q' || key === '?' ? {type: 'close-help'} : null;
  const binding = bindingFor(key);
  if (binding === undefined) return null;
  if (!isAvailable(binding, ctx.supports, ctx.compare)) {
    const where = ctx.compare && binding.notInCompare ? 'in compare mode' : `on the ${ctx.kind} source`;
    return {type: 'no-op', reason: `${binding.label}: n/a ${where}`};
  }
  return binding.run(key, ctx);
}

export interface KeyResult {
  readonly state: UiState;
  /** What to send to the source, if anything. */
  readonly command: Command | null;
}

/** Pure: a key press from state to state, with the command it sends. */
export function pressKey(state: UiState, key: KeyName, ctx: KeyContext): KeyResult {
  const action = actionFor(state, key, ctx);
  if (action === null) return {state, command: null};
  return {state: reduceUi(state, action), command: action.type === 'send' ? action.command : null};
}

/**
 * The UI state as a hook: `press` runs `pressKey` against the latest state (a ref, so two keys in
 * one frame both count) and returns the result; the caller sends the command.
 */
export function useUiState(): {state: UiState; press: (key: KeyName, ctx: KeyContext) => KeyResult} {
  const [state, setState] = useState(initialUiState);
  const ref = useRef(state);
  const press = useCallback((key: KeyName, ctx: KeyContext) => {
    const result = pressKey(ref.current, key, ctx);
    if (result.state !== ref.current) {
      ref.current = result.state;
      setState(result.state);
    }
    return result;
  }, []);
  return {state, press};
}
