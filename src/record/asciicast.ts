/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * `[time, code, data]` event per line. Lines are appended with synchronous writes on a descriptor
 * opened at creation, one `writeSync` per whole line, so whatever has been written is a valid
 * recording: after `q`, after `--duration`, or when a signal handler calls `close()` (or even
 * never calls it).
 */
import {StringDecoder} from 'node:string_decoder';
import {Writable} from 'node:stream';
import {z} from 'zod';
import {oneLine, openJsonLines} from './json-lines.ts';

export interface AsciicastHeader {
  readonly version: 2;
  readonly width: number;
  readonly height: number;
  /** Unix time of the start of the recording, in seconds. */
  readonly timestamp?: number;
  readonly title?: string;
  readonly env?: {readonly TERM?: string; readonly SHELL?: string};
}

/** `o`: output written to the terminal; `m`: a marker (a chapter a player can jump to). */
export type AsciicastCode = 'o' | 'i' | 'm' | 'r';

/** `[seconds since the start, code, data]` */
export type AsciicastEvent = readonly [time: number, code: AsciicastCode, data: string];

export interface AsciicastWriterOptions {
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  /**
   * Seconds since the start of the recording. `aswap record` passes the simulated clock so that
   * the same run gives the same file. @default the wall clock, 0 at creation
   */
  readonly clock?: () => number;
  /** Unix seconds for the header; fix it for byte-identical recordings. @default now */
  readonly timestamp?: number;
  /** `env.TERM` in the header. @default $TERM, else 'xterm-256color' */
  readonly term?: string;
  /**
   * Leave the file under a temporary name until commit() (several outputs of one run are all
   * opened before any takes its name). @default false: committed at once
   */
  readonly staged?: boolean;
  /** A write failed once the recording had started (a full disk): the file keeps its whole lines. */
  readonly onError?: (message: string) => void;
}

export interface AsciicastWriter {
  readonly path: string;
  /** Appends an `o` event; empty data is skipped. No-op after close(). */
  write(data: string): void;
  /** Appends an `m` event. No-op after close(). */
  marker(label: string): void;
  /** Closes the file; safe to call twice and from a signal handler. */
  close(): void;
  /** The recording takes its name (see `staged`); throws a one-line Error if it cannot. */
  commit(): void;
  /** Why writing stopped, or null. */
  readonly failure: string | null;
}

/** Rounds to microseconds and keeps event times non-decreasing, as players expect. */
function makeTimer(clock: () => number): () => number {
  let last = 0;
  return () => {
    const raw = clock();
    const t = Number.isFinite(raw) ? Math.round(Math.max(0, raw) * 1e6) / 1e6 : last;
    last = Math.max(last, t);
    return last;
  };
}

function wallClock(): () => number {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}

/**
 * Opens `path` and writes the header line at once; an existing file is replaced only when the
 * writer is committed. Throws a one-line Error if the file cannot be created.
 */
export function createAsciicastWriter(path: string, options: AsciicastWriterOptions): AsciicastWriter {
  const file = openJsonLines(path, 'recording', {onError: options.onError});
  const header: AsciicastHeader = {
    version: 2,
    width: options.width,
    height: options.height,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    ...(options.title === undefined ? {} : {title: options.title}),
    env: {TERM: options.term ?? process.env['TERM'] ?? 'xterm-256color'},
  };
  file.append(header);
  if (!options.staged) file.commit();
  const now = makeTimer(options.clock ?? wallClock());
  const append = (code: AsciicastCode, data: string): void => file.append([now(), code, data]);
  return {
    path,
    write(data) {
      if (data.length > 0) append('o', data);
    },
    marker(label) {
      append('m', label);
    },
    close: file.close,
    commit: file.commit,
    get failure() {
      return file.failure;
    },
  };
}

export interface TeeStreamOptions {
  /** Fixed terminal size; when both are given the stream never emits 'resize'. @default the target's */
  readonly columns?: number;
  readonly rows?: number;
}

/**
 * What a tty's ONLCR output flag does: every NL goes out as CR NL. Ink writes bare `\n` and the
 * terminal driver adds the CR; a recording taps the bytes before the driver, so it adds it itself
 * (as asciinema's recordings, read from the pty master, have it).
 */
export function onlcr(data: string): string {
  return data.replace(/\n/g, '\r\n');
}

/** What Ink reads from its stdout besides the Writable API. */
export type TeeStream = Writable & {columns: number; rows: number; readonly isTTY: true};

/**
 * A Writable that passes for a TTY WriteStream to Ink and copies every chunk to `target` (the real
 * terminal, or null to record without one) and to `writer`, the latter with NL → CR NL (see onlcr).
 * Chunks are forwarded synchronously. Without a fixed size it follows the target's size and
 * re-emits its 'resize' events.
 */
export function createTeeStream(
  target: NodeJS.WriteStream | null,
  writer: Pick<AsciicastWriter, 'write'>,
  options: TeeStreamOptions = {},
): TeeStream {
  // Ink writes strings, but a Buffer chunk may end inside a UTF-8 sequence.
  const decoder = new StringDecoder('utf8');
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      target?.write(chunk);
      writer.write(onlcr(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
      callback();
    },
  }) as TeeStream;
  const fixed = options.columns !== undefined && options.rows !== undefined;
  Object.defineProperty(stream, 'isTTY', {value: true, enumerable: true});
  stream.columns = options.columns ?? target?.columns ?? 80;
  stream.rows = options.rows ?? target?.rows ?? 24;
  if (!fixed && target) {
    const onResize = (): void => {
      stream.columns = options.columns ?? target.columns;
      stream.rows = options.rows ?? target.rows;
      stream.emit('resize');
    };
    target.on('resize', onResize);
    stream.once('close', () => target.off('resize', onResize));
  }
  return stream;
}

const headerSchema = z.object({
  version: z.literal(2),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestamp: z.number().int().nonnegative().optional(),
  title: z.string().optional(),
  env: z.object({TERM: z.string().optional(), SHELL: z.string().optional()}).optional(),
});

const eventSchema = z.tuple([z.number().nonnegative(), z.enum(['o', 'i', 'm', 'r']), z.string()]);

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function parseLine(line: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new Error(`asciicast line ${lineNo}: ${oneLine(error)}`);
  }
}

/**
 * Parses and validates an asciicast v2 file: header fields, event shapes, non-decreasing times.
 * Throws an Error naming the first bad line. A final newline is optional; blank lines are not allowed.
 */
export function parseAsciicast(text: string): {header: AsciicastHeader; events: AsciicastEvent[]} {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (lines.length === 0 || lines[0] === '') throw new Error('asciicast line 1: missing header');
  const header = headerSchema.safeParse(parseLine(lines[0]!, 1));
  if (!header.success) throw new Error(`asciicast line 1: bad header: ${issueText(header.error)}`);
  const events: AsciicastEvent[] = [];
  let last = 0;
  for (let i = 1; i < lines.length; i++) {
    const event = eventSchema.safeParse(parseLine(lines[i]!, i + 1));
    if (!event.success) throw new Error(`asciicast line ${i + 1}: bad event: ${issueText(event.error)}`);
    const [time] = event.data;
    if (time < last) throw new Error(`asciicast line ${i + 1}: time ${time} goes back (previous ${last})`);
    last = time;
    events.push(event.data);
  }
  return {header: header.data, events};
}
