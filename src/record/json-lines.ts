/**
 * An append-only JSON-lines file, shared by recordings and traces: one synchronous write per whole
 * line, so whatever has been written is a valid file after any stop (q, --duration, a signal),
 * whether or not close() runs.
 *
 * Nothing is lost on a usage error: a regular file is written first under a temporary name beside
 * its target and takes the target's name only at commit(), once every output of the run has been
 * opened and given its first line; discard() removes it and leaves an existing file as it was.
 * A device or a pipe (`/dev/null`, `>(jq …)`) is written in place: there is nothing to truncate.
 *
 * A write that fails after commit() (a full disk) stops the file: whatever part of the failed line
 * reached the disk is cut off again, so the file keeps only whole lines, and `onError` hears why.
 */
import {closeSync, ftruncateSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';

export interface JsonLinesFile {
  readonly path: string;
  /**
   * Appends one line. Before commit() a failure throws a one-line Error; after it, the file stops
   * (a no-op from then on) and `onError` is called once. A no-op after close().
   */
  append(value: unknown): void;
  /** The run has started: the file takes its name. Idempotent. */
  commit(): void;
  /** The run never started: the file goes away, an existing file at `path` is untouched. */
  discard(): void;
  /** Safe to call twice and from a signal handler; before commit() it discards. */
  close(): void;
  /** Why writing stopped (`cannot write the trace t.jsonl: ENOSPC: no space left on device`), or null. */
  readonly failure: string | null;
}

export interface JsonLinesOptions {
  /** Called once when a write after commit() fails, with the one-line reason. */
  readonly onError?: (message: string) => void;
}

/** The first line of an error's message. */
export function oneLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EPIPE: 'the reader went away',
  ENXIO: 'no reader on this pipe',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

/** `ENOSPC: no space left on device` for a system error (without Node's `, write '…'` tail). */
export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && code in ERRNO_TEXT) return `${code}: ${ERRNO_TEXT[code]}`;
  return oneLine(error).replace(/, \w+ '.*'$/, '');
}

interface Target {
  /** Where the bytes go now. */
  readonly writePath: string;
  /** Renamed onto at commit, or null when written in place. */
  readonly finalPath: string | null;
}

function targetOf(path: string, what: string): Target {
  if (path === '') throw new Error(`cannot write the ${what}: the file name is empty`);
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot write the ${what} ${path}: ${errnoText(error)}`);
    const dir = dirname(path);
    return {writePath: join(dir, `.${basename(path)}.${process.pid}.tmp`), finalPath: path};
  }
  if (stat.isDirectory()) throw new Error(`cannot write the ${what} ${path}: it is a directory`);
  if (!stat.isFile()) return {writePath: path, finalPath: null};
  // A symbolic link to a file: replace the file it points to, not the link.
  const real = realpathSync(path);
  return {writePath: join(dirname(real), `.${basename(real)}.${process.pid}.tmp`), finalPath: real};
}

/** Opens `path` for a new file (see the module comment); throws `cannot write the <what> <path>: <reason>` on one line. */
export function openJsonLines(path: string, what: string, options: JsonLinesOptions = {}): JsonLinesFile {
  const target = targetOf(path, what);
  let fd: number | null;
  try {
    // 'wx' for the temporary file: never write through someone else's file of that name.
    fd = openSync(target.writePath, target.finalPath === null ? 'w' : 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'ENOENT: no such directory' : errnoText(error);
    throw new Error(`cannot write the ${what} ${path}: ${why}`);
  }
  let committed = false;
  let failure: string | null = null;
  /** Bytes of whole lines written. */
  let size = 0;

  const removeTemp = (): void => {
    if (target.finalPath === null || committed) return;
    try {
      unlinkSync(target.writePath);
    } catch {
      // Already gone.
    }
  };
  const close = (): void => {
    if (fd === null) return;
    const closing = fd;
    fd = null;
    try {
      closeSync(closing);
    } catch {
      // Nothing more can be done about this descriptor.
    }
  };
  const stop = (error: unknown): void => {
    failure = `cannot write the ${what} ${path}: ${errnoText(error)}`;
    if (fd !== null) {
      try {
        ftruncateSync(fd, size);
      } catch {
        // A pipe or a device: there is no half line to take back.
      }
    }
    close();
    if (!committed) {
      removeTemp();
      throw new Error(failure);
    }
    options.onError?.(failure);
  };

  return {
    path,
    append(value) {
      if (fd === null) return;
      const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
      let offset = 0;
      try {
        while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        stop(error);
        return;
      }
      size += bytes.length;
    },
    commit() {
      if (committed || target.finalPath === null) {
        committed = true;
        return;
      }
      try {
        renameSync(target.writePath, target.finalPath);
      } catch (error) {
        close();
        removeTemp();
        throw new Error(`cannot write the ${what} ${path}: ${errnoText(error)}`);
      }
      committed = true;
    },
    discard() {
      close();
      removeTemp();
    },
    close() {
      close();
      removeTemp();
    },
    get failure() {
      return failure;
    },
  };
}
