import React from 'react';
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {render, type Instance} from 'ink';
import {App} from '../components/app.tsx';
import {FRAME_HZ} from './sources/sim.ts';
import type {Source} from './sources/source.ts';
import {sanitize} from './errors.ts';
import {expectHangup, guardStream, isHangup, onHangup, terminalGone} from './terminal.ts';

export interface DashboardOptions {
  readonly source: Source;
  /** `--compare`: a second source shown side by side; keys go to `source`, which leads it. */
  readonly compare?: Source;
  /** @default process.stdout */
  readonly stdout?: NodeJS.WriteStream;
  /** @default process.stdin */
  readonly stdin?: NodeJS.ReadStream;
  /** Lay out at this size whatever the terminal is (recordings). */
  readonly cols?: number;
  readonly rows?: number;
  /** Quit after this many seconds of wall time. */
  readonly durationS?: number;
  /** False under NO_COLOR. */
  readonly color: boolean;
  /** Every key press, by keymap name (recorders mark them). */
  readonly onKey?: (key: string) => void;
}

const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const CLEAR_HOME = '\x1b[2J\x1b[H';
/** `ESC [ n A` at the start of a write: how an incremental frame begins. */
// eslint-disable-next-line no-control-regex
const LEADING_CURSOR_UP = /^\x1b\[(\d+)A/;

/**
 * Ink's render throttle, above the sources' frame rate on purpose. Ink draws the first commit of a
 * throttle window at once and holds later ones until the window is over; with a window equal to
 * the frame period, each frame's commit landed a few ms before the window opened by the previous
 * one had closed, so every other frame was rendered by React and never drawn (a kill wave showed
 * about 5 frames a second out of 10). With half the period every frame is drawn when it is
 * committed; the sources still publish at most FRAME_HZ times a second, and spinners step with
 * the frames (use-snapshot.ts), so nothing else commits between them.
 */
const INK_MAX_FPS = 2 * FRAME_HZ;

/** Exit codes of the conventional 128 + signal number. */
const SIGNAL_CODES = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

/**
 * The stream Ink writes to. Two corrections:
 * - With a fixed size it reports that size: Ink sizes its root and decides "fullscreen" from
 *   `columns`/`rows`, so a recording keeps its geometry on any terminal.
 * - Ink 6.8's incremental renderer leaves the cursor on the line below a frame (every frame ends in
 *   a newline), then starts the next frame only `lines - 1` rows up (log-update.js,
 *   `cursorUp(previousVisible - 1)`): every frame would land one row lower and scroll the screen.
 *   Such a frame is the only write that starts with a cursor-up; it gets the missing row.
 */
export function inkStdout(stdout: NodeJS.WriteStream, cols?: number, rows?: number): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const fixed = typeof chunk === 'string' ? chunk.replace(LEADING_CURSOR_UP, (_, n: string) => `\x1b[${Number(n) + 1}A`) : chunk;
    return (stdout.write as (...a: unknown[]) => boolean)(fixed, ...rest);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'columns' && cols !== undefined) return cols;
      if (prop === 'rows' && rows !== undefined) return rows;
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Keeps the stack where the user can find it; the terminal only gets one line. */
function crashReport(error: unknown): string {
  const path = join(tmpdir(), `aswap-crash-${process.pid}.log`);
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  try {
    writeFileSync(path, `${new Date().toISOString()}\n${detail}\n`);
    return `aswap: internal error (${sanitize(error instanceof Error ? error.message : String(error), 200)}); the stack trace is in ${path}`;
  } catch {
    return `aswap: internal error: ${sanitize(detail.split('\n')[0] ?? '', 200)}`;
  }
}

/**
 * The live dashboard, full screen in the alternate screen, until `q`, a signal, `durationS` or an
 * internal error. Resolves with the exit code (0, 128 + signal, or 1); the terminal is restored on
 * every one of those paths.
 */
export async function runDashboard(opts: DashboardOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const fixed = opts.cols !== undefined && opts.rows !== undefined;
  let instance: Instance | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let resolveCode: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (resolveCode = resolve));

  const finish = (code: number, message?: string) => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    // Not now: while a signal is being delivered, Ink's signal-exit listener runs after ours, and
    // if it found itself alone it would re-raise the signal and kill us mid-restore.
    setImmediate(() => {
      for (const [sig, handler] of signalHandlers) process.off(sig, handler);
    });
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    stopHangup();
    stdout.off('resize', onResize);
    // Ink's last frame and ours below may still fail on a terminal that hung up: from now on
    // those failures are expected (the listener stays; any other stream error still throws).
    stdout.off('error', onCrash);
    stdout.on('error', (error: unknown) => {
      if (!isHangup(error)) throw error;
    });
    try {
      opts.source.stop();
      opts.compare?.stop();
    } finally {
      try {
        instance?.unmount();
      } finally {
        // A closed terminal (window closed, ssh dropped) has nothing left to restore or print to,
        // and nothing to read: a dead terminal left reading would keep aswap alive.
        gone ||= terminalGone();
        if (!gone) stdout.write(SHOW_CURSOR + LEAVE_ALT);
        else stdin.destroy();
        if (message !== undefined) process.stderr.write(`${message}\n`);
        resolveCode(code);
      }
    }
  };
  let gone = false;
  const onCrash = (error: unknown) => {
    if (finished) return;
    gone = isHangup(error);
    finish(gone ? SIGNAL_CODES.SIGHUP : 1, gone ? undefined : crashReport(error));
  };
  const signalHandlers = (Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[]).map(
    (sig) =>
      [
        sig,
        () => {
          // A hangup may come with a second SIGHUP once the terminal is gone: it must not kill the clean-up.
          if (sig === 'SIGHUP') expectHangup();
          finish(SIGNAL_CODES[sig]);
        },
      ] as const,
  );

  // A resize leaves the previous frame reflowed at the wrong place: wipe the screen and make Ink
  // redraw from the top. Prepended, so it runs before Ink's and the layout's own listeners.
  let lastSize = `${stdout.columns}x${stdout.rows}`;
  const onResize = () => {
    const size = `${stdout.columns}x${stdout.rows}`;
    if (fixed || size === lastSize) return;
    lastSize = size;
    instance?.clear();
    stdout.write(CLEAR_HOME);
  };

  // The terminal can go away at any moment: a hangup on any of its streams ends the dashboard as SIGHUP does.
  guardStream(process.stdout);
  guardStream(process.stderr);
  guardStream(stdin);
  // Heard in the middle of anything (Ink's setRawMode inside a React commit fails with EIO): finish
  // once that is over, as for SIGHUP.
  const stopHangup = onHangup(() => {
    gone = true;
    setImmediate(() => finish(SIGNAL_CODES.SIGHUP));
  });

  stdout.write(ENTER_ALT + HIDE_CURSOR + CLEAR_HOME);
  for (const [sig, handler] of signalHandlers) process.on(sig, handler);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  stdout.prependListener('resize', onResize);
  stdout.on('error', onCrash);
  if (opts.durationS !== undefined) timer = setTimeout(() => finish(0), opts.durationS * 1000);

  try {
    instance = render(
      <App source={opts.source} compare={opts.compare} cols={opts.cols} rows={opts.rows} color={opts.color} onKey={opts.onKey} onQuit={(code) => finish(code)} />,
      {stdout: inkStdout(stdout, opts.cols, opts.rows), stdin, maxFps: INK_MAX_FPS, incrementalRendering: true, exitOnCtrlC: false, patchConsole: false},
    );
    // A render error unmounts Ink with the error (its ErrorBoundary); treat it as a crash.
    instance.waitUntilExit().catch(onCrash);
    opts.source.start();
    opts.compare?.start();
  } catch (error) {
    onCrash(error);
  }
  return done;
}
