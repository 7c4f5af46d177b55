/**
 * Losing the terminal (the window closed, tmux killed, ssh dropped) is an ordinary way for aswap to
 * end, not a crash. A hung-up terminal fails writes with EIO (a closed pipe with EPIPE); those
 * errors are expected and reported to whoever listens (the dashboard then finishes its files and
 * ends with 129, as for SIGHUP).
 *
 * Node 20 has one more trap: at exit it restores the terminal modes of fds 0–2 it found to be
 * terminals, and aborts (`ResetStdio` assertion, exit 134, nodejs/node#51519, fixed upstream in
 * #58200) when tcsetattr fails with EIO, as it does on a hung-up terminal. It skips descriptors
 * that were closed, so at exit every descriptor that was a terminal and is no longer one (a hung-up
 * tty answers TCGETS with EIO, so isatty says no) is closed first. A terminal that is still there is
 * left alone and restored by Node as usual.
 */
import {closeSync} from 'node:fs';
import {isatty} from 'node:tty';

const HANGUP_CODES = new Set(['EIO', 'EPIPE', 'ENXIO', 'ECONNRESET']);

/** A write or read error that means the terminal (or the pipe's reader) went away. */
export function isHangup(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code;
  return typeof code === 'string' && HANGUP_CODES.has(code);
}

let installed = false;
let hungUp = false;
const wasTty: boolean[] = [];
const listeners = new Set<() => void>();
const guarded = new WeakSet<NodeJS.EventEmitter>();

const ignore = (): void => {};

/**
 * The terminal is known to be gone: from now on SIGHUP (which the kernel sends the session when
 * the terminal hangs up, before or after the first failed write) must not kill aswap half way
 * through finishing its files. Idempotent.
 */
export function expectHangup(): void {
  if (!process.listeners('SIGHUP').includes(ignore)) process.on('SIGHUP', ignore);
}

function onStreamError(error: unknown): void {
  if (!isHangup(error)) throw error;
  const first = !hungUp;
  hungUp = true;
  if (!first) return;
  expectHangup();
  for (const listener of [...listeners]) listener();
}

/** Expects hangups on `stream` (process.stdin once the dashboard reads it); other errors still throw. */
export function guardStream(stream: NodeJS.EventEmitter): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', onStreamError);
}

function onExit(code: number): void {
  let closed = false;
  for (let fd = 0; fd <= 2; fd++) {
    if (!wasTty[fd] || isatty(fd)) continue;
    try {
      closeSync(fd);
      closed = true;
    } catch {
      // Already closed.
    }
  }
  // The terminal went away under a command that had nothing else to say: that is a hangup.
  if (closed && code === 0) process.exitCode = 129;
}

/** Installs the guard once per process: hangups on stdout and stderr are expected, and the exit is safe. */
export function guardTerminal(): void {
  if (installed) return;
  installed = true;
  for (let fd = 0; fd <= 2; fd++) wasTty[fd] = isatty(fd);
  guardStream(process.stdout);
  guardStream(process.stderr);
  process.on('exit', onExit);
}

/** Calls `listener` once when the first hangup error is seen; returns the unsubscribe. */
export function onHangup(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The terminal is gone: a hangup error was seen, or a descriptor that was a terminal no longer is one. */
export function terminalGone(): boolean {
  if (hungUp) return true;
  for (let fd = 0; fd <= 2; fd++) if (wasTty[fd] && !isatty(fd)) return true;
  return false;
}
