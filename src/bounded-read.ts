/**
 * Reading a file the user named, without trusting it: at most `maxBytes`, never a device (a
 * symbolic link to `/dev/zero` would grow without end), never blocking on a FIFO unless pipes are
 * allowed, never a directory. Errors are one-line `Error`s with a `code` (errno, or ASWAP_* below).
 */
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';

export interface BoundedReadOptions {
  /** Larger files are refused (code ASWAP_TOO_LARGE). */
  readonly maxBytes: number;
  /** Accept a pipe or FIFO (`<(cat trace.jsonl)`); it is read up to `maxBytes`. @default false */
  readonly pipes?: boolean;
}

/** What went wrong, as a short phrase: `no such file`, `is a directory`, `larger than 1 MB`, … */
export class BoundedReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;
/** One read buffer for every call: reads are synchronous, so it is never shared. */
const chunk = Buffer.allocUnsafe(64 * 1024);

function sizeText(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function openError(error: unknown): BoundedReadError {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  const text: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'file name too long',
    ENXIO: 'no such device',
  };
  return new BoundedReadError(text[code] ?? code, code);
}

/** Reads a whole file as UTF-8 within the bounds; throws BoundedReadError. */
export function readBounded(path: string, options: BoundedReadOptions): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO nobody writes to returns at once.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw openError(error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BoundedReadError('is a directory', 'EISDIR');
    const pipe = stat.isFIFO() || stat.isSocket();
    if (!stat.isFile() && !(pipe && options.pipes)) throw new BoundedReadError('not a regular file', 'ASWAP_NOT_FILE');
    if (stat.isFile() && stat.size > options.maxBytes) {
      throw new BoundedReadError(`larger than ${sizeText(options.maxBytes)}`, 'ASWAP_TOO_LARGE');
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A pipe with no data yet: wait for the writer, briefly and without spinning.
        if (code === 'EAGAIN' && pipe) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        throw openError(error);
      }
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw new BoundedReadError(`larger than ${sizeText(options.maxBytes)}`, 'ASWAP_TOO_LARGE');
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
