/**
 * An append-only JSON-lines file, shared by recordings and traces: one synchronous write per whole
 * line on a descriptor opened at creation, so whatever has been written is a valid file after any
 * stop (q, --duration, a signal), whether or not close() runs.
 */
import {closeSync, openSync, writeSync} from 'node:fs';

export interface JsonLinesFile {
  /** Appends one line; a no-op after close(). */
  append(value: unknown): void;
  /** Safe to call twice and from a signal handler. */
  close(): void;
}

/** The first line of an error's message. */
export function oneLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Creates (truncates) `path`; throws `cannot write the <what> <path>: <reason>` on one line. */
export function openJsonLines(path: string, what: string): JsonLinesFile {
  let fd: number | null;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new Error(`cannot write the ${what} ${path}: ${oneLine(error)}`);
  }
  return {
    append(value) {
      if (fd === null) return;
      const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    },
    close() {
      if (fd === null) return;
      const closing = fd;
      fd = null;
      closeSync(closing);
    },
  };
}
