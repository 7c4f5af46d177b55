/**
 * What the dashboard needs from the terminal, checked before it starts: keys (stdin a terminal)
 * and a size. Without either it still runs, and says what it does instead, on stderr (seen after
 * the dashboard ends) and in the header while it runs.
 */
import {Readable} from 'node:stream';
import type {Source, SourceStatus} from '../sources/source.ts';
import {warn} from './options.ts';

/** The size used when the terminal reports none (a pty with a 0×0 window, a serial console). */
export const FALLBACK_SIZE = {cols: 80, rows: 24} as const;

/**
 * A stdin with no keys that Ink accepts as a terminal: raw mode is a no-op and it never has data.
 * Ctrl-C still reaches aswap as SIGINT from the terminal driver (it stays in cooked mode).
 */
export function keylessStdin(): NodeJS.ReadStream {
  const stream = new Readable({read() {}}) as unknown as NodeJS.ReadStream & {setRawMode: (on: boolean) => unknown; ref: () => unknown; unref: () => unknown};
  Object.defineProperty(stream, 'isTTY', {value: true});
  stream.setRawMode = () => stream;
  stream.ref = () => stream;
  stream.unref = () => stream;
  return stream;
}

export interface DashboardTerminal {
  /** Undefined: process.stdin. */
  readonly stdin?: NodeJS.ReadStream;
  readonly size: {cols?: number; rows?: number};
  /** Shown in the header for the whole run. */
  readonly notes: readonly string[];
}

/** Checks stdin and the terminal's size for a dashboard on process.stdout (a terminal). */
export function dashboardTerminal(size: {cols?: number; rows?: number}): DashboardTerminal {
  const notes: string[] = [];
  let stdin: NodeJS.ReadStream | undefined;
  if (!process.stdin.isTTY) {
    warn('stdin is not a terminal, so the dashboard takes no keys: Ctrl-C or --duration ends it');
    notes.push('no keys (stdin is not a terminal): Ctrl-C quits');
    stdin = keylessStdin();
  }
  let fixed = size;
  if (size.cols === undefined && !(process.stdout.columns > 0 && process.stdout.rows > 0)) {
    const {cols, rows} = FALLBACK_SIZE;
    warn(`the terminal reports no size (${process.stdout.columns ?? 0}×${process.stdout.rows ?? 0}): laying the dashboard out at ${cols}×${rows} (--cols and --rows choose another)`);
    notes.push(`terminal size unknown: ${cols}×${rows}`);
    fixed = {cols, rows};
  }
  return {stdin, size: fixed, notes};
}

/**
 * The source as the dashboard sees it, with notes of aswap's own after the source's (a recording
 * that stopped, no keys). getStatus returns the same object while nothing changed.
 */
export function withNotes(source: Source, notes: () => readonly string[]): Source {
  let last: {status: SourceStatus; extra: string; out: SourceStatus} | null = null;
  const getStatus = (): SourceStatus => {
    const status = source.getStatus();
    const extra = notes().join('; ');
    if (last && last.status === status && last.extra === extra) return last.out;
    const note = extra === '' ? status.note : status.note === null ? extra : `${status.note}; ${extra}`;
    last = {status, extra, out: extra === '' ? status : {...status, note}};
    return last.out;
  };
  return {
    kind: source.kind,
    supports: source.supports,
    subscribe: (listener) => source.subscribe(listener),
    getSnapshot: () => source.getSnapshot(),
    getStatus,
    control: (command) => source.control(command),
    start: () => source.start(),
    stop: () => source.stop(),
  };
}
