/**
 * The dashboard's own state (help open, the status line, the log's scroll position, quitting) as a
 * pure reducer over the keymap's actions, as ink-ui does it: no Ink, no React, tested on its own.
 */
import type {LogEntry} from '../src/engine/snapshot.ts';
import type {Command} from '../src/sources/source.ts';
import type {LogScroll} from './event-log.ts';
import {bindingFor, isAvailable, type KeyContext, type KeyName, type UiAction} from './keymap.ts';

export interface UiState {
  readonly helpOpen: boolean;
  /** Exit code once a quit was asked for, else null. */
  readonly quit: number | null;
  /** The status line: why the last key did nothing (at a limit, n/a here) or what it did; cleared by the next key that acts. */
  readonly notice: string | null;
  /** The event log's scroll position; null follows the newest entry. */
  readonly logScroll: LogScroll | null;
}

export const initialUiState: UiState = {helpOpen: false, quit: null, notice: null, logScroll: null};

/** What the reducer needs beyond the action: the log the scroll keys move through. */
export interface UiContext {
  /** The event log as shown (oldest first); scrolling anchors on entries' `seq`. */
  readonly log: readonly Pick<LogEntry, 'seq'>[];
}

/** The log scroll after moving `by` entries (positive: back in time), to the start, or back to following. */
export function scrollLog(scroll: LogScroll | null, by: number | 'top' | 'follow', log: UiContext['log']): LogScroll | null {
  if (by === 'follow' || log.length === 0) return null;
  const anchorSeq = scroll?.anchorSeq ?? log[log.length - 1]!.seq;
  let below = 0;
  for (const e of log) if (e.seq <= anchorSeq) below++;
  const maxBack = Math.max(0, below - 1);
  const back = by === 'top' ? maxBack : Math.min(maxBack, Math.max(0, (scroll?.back ?? 0) + by));
  if (scroll === null && back === 0) return null;
  return {anchorSeq, back};
}

/** Pure: the UI state after an action. Commands are not state: `pressKey` hands them out. */
export function reduceUi(state: UiState, action: UiAction, ctx: UiContext = {log: []}): UiState {
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
    case 'log-scroll': {
      const logScroll = scrollLog(state.logScroll, action.by, ctx.log);
      const notice = logScroll === null && action.by !== 'follow' && typeof action.by === 'number' && action.by < 0 ? 'log: already at the newest entry (End follows)' : null;
      return {...state, logScroll, notice};
    }
  }
}

/** A status-line message from the source after a command ("flush: the list is empty"). */
export const withNotice = (state: UiState, notice: string | null): UiState => (notice === state.notice ? state : {...state, notice});

/**
 * Pure: which action a key means right now. While the help is open it is modal: Esc, q, ?, h and
 * F1 close it (q must not quit from there), Ctrl-C and F10 still quit, other keys are ignored. A
 * key that is bound to nothing says so.
 */
export function actionFor(state: UiState, key: KeyName, ctx: KeyContext): UiAction | null {
  if (key === 'ctrl-c' || key === 'f10') return {type: 'quit', code: 0};
  if (state.helpOpen) return key === 'escape' || key === 'q' || key === '?' || key === 'h' || key === 'f1' ? {type: 'close-help'} : null;
  const binding = bindingFor(key);
  if (binding === undefined) return key === 'escape' ? null : {type: 'no-op', reason: `${key === 'space' ? 'space' : key}: no such key (? lists them)`};
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
export function pressKey(state: UiState, key: KeyName, ctx: KeyContext, ui: UiContext = {log: []}): KeyResult {
  const action = actionFor(state, key, ctx);
  if (action === null) return {state, command: null};
  return {state: reduceUi(state, action, ui), command: action.type === 'send' ? action.command : null};
}
