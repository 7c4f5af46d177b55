/**
 * `--trace FILE.jsonl`: a header line, then one `{"type":"snapshot","snapshot":{…}}` line per
 * frame. Lines are appended with one synchronous write each, so the file is readable after any
 * stop (q, --duration, a signal); a reader keeps every good line of a file cut short.
 */
import {readFileSync} from 'node:fs';
import {z} from 'zod';
import type {Params, PolicyName, Snapshot} from '../engine/snapshot.ts';
import {readBounded} from '../bounded-read.ts';
import {oneLine, openJsonLines} from './json-lines.ts';
import {firstIssue, paramsSchema, policySchema, snapshotSchema} from './snapshot-schema.ts';

export interface TraceHeader {
  readonly type: 'header';
  readonly scenario: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly params: Params;
  readonly device: string;
  /** aswap's version (package.json) that wrote the trace. */
  readonly version: string;
  /** Knobs set by the scenario file and --set (scenario, device and engine knobs). */
  readonly knobs?: Readonly<Record<string, number>>;
}

export type TraceHeaderInput = Omit<TraceHeader, 'type' | 'version'> & {readonly version?: string};

export interface Trace {
  /** null when line 1 is not a valid header (then there are no snapshots either). */
  readonly header: TraceHeader | null;
  readonly snapshots: readonly Snapshot[];
  /** What was wrong with the file (cut short, corrupted lines), or null for a clean trace. */
  readonly error: string | null;
  /** Set when another, incompatible version of aswap wrote the trace (then `header` is null). */
  readonly incompatible?: {readonly wrote: string; readonly reads: string};
}

export interface TraceWriter {
  readonly path: string;
  /** Appends one snapshot line; the same object as the previous call is written once. No-op after close(). */
  write(snapshot: Snapshot): void;
  /** Safe to call twice and from a signal handler. */
  close(): void;
  /** The trace takes its name (see TraceWriterOptions.staged); throws a one-line Error if it cannot. */
  commit(): void;
  /** Why writing stopped, or null. */
  readonly failure: string | null;
}

export interface TraceWriterOptions {
  /** Leave the file under a temporary name until commit(). @default false: committed at once */
  readonly staged?: boolean;
  /** A write failed once the trace had started (a full disk): the file keeps its whole lines. */
  readonly onError?: (message: string) => void;
}

const headerSchema: z.ZodType<TraceHeader> = z.object({
  type: z.literal('header'),
  scenario: z.string(),
  policy: policySchema,
  seed: z.number(),
  params: paramsSchema,
  device: z.string(),
  version: z.string(),
  knobs: z.record(z.string(), z.number()).optional(),
});

const lineSchema = z.object({type: z.string()});
const snapshotLineSchema = z.object({type: z.literal('snapshot'), snapshot: snapshotSchema});

let cachedVersion: string | undefined;

/** aswap's version from package.json ('unknown' if it cannot be read). */
export function aswapVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      const version = z.object({version: z.string()}).safeParse(pkg);
      cachedVersion = version.success ? version.data.version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** The header fields a snapshot already carries. */
export function traceHeaderOf(snapshot: Snapshot): TraceHeaderInput {
  return {
    scenario: snapshot.scenario,
    policy: snapshot.params.policy,
    seed: snapshot.seed,
    params: snapshot.params,
    device: snapshot.device,
  };
}

/**
 * Creates `path` and writes the header line at once; an existing file is replaced only when the
 * writer is committed. Throws a one-line Error if it cannot.
 */
export function createTraceWriter(path: string, header: TraceHeaderInput, options: TraceWriterOptions = {}): TraceWriter {
  const file = openJsonLines(path, 'trace', {onError: options.onError});
  const line: TraceHeader = {
    type: 'header',
    scenario: header.scenario,
    policy: header.policy,
    seed: header.seed,
    params: header.params,
    device: header.device,
    version: header.version ?? aswapVersion(),
    ...(header.knobs ? {knobs: header.knobs} : {}),
  };
  file.append(line);
  if (!options.staged) file.commit();
  let last: Snapshot | null = null;
  return {
    path,
    write(snapshot) {
      if (snapshot === last) return;
      last = snapshot;
      file.append({type: 'snapshot', snapshot});
    },
    close: file.close,
    commit: file.commit,
    get failure() {
      return file.failure;
    },
  };
}

/**
 * The versions whose traces this aswap reads: the same major version (semver), and for 0.x the
 * same minor one, where semver allows breaking changes. As `0.1.x` or `1.x`; null if unknown.
 */
export function compatibleVersions(version: string): string | null {
  const m = /^(\d+)\.(\d+)\.\d+/.exec(version);
  if (!m) return null;
  return m[1] === '0' ? `0.${m[2]}.x` : `${m[1]}.x`;
}

/** The version check of a header line: null when this aswap reads traces written by `wrote`. */
export function versionMismatch(wrote: string, reader = aswapVersion()): {wrote: string; reads: string} | null {
  const reads = compatibleVersions(reader);
  const wrote_ = compatibleVersions(wrote);
  // A version that is not semver (or this aswap not knowing its own) tells nothing: the schema decides.
  if (reads === null || wrote_ === null) return null;
  return wrote_ === reads ? null : {wrote, reads};
}

/** "Unexpected end of JSON input" → "unexpected end of JSON input" */
function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

type LineResult = {ok: true; snapshot: Snapshot | null} | {ok: false; why: string; json: boolean};

function parseSnapshotLine(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {ok: false, why: lowerFirst(oneLine(error)), json: true};
  }
  const typed = lineSchema.safeParse(value);
  if (!typed.success) return {ok: false, why: 'not a trace line (no "type")', json: false};
  // Other line types (from a later version) are skipped, not errors.
  if (typed.data.type !== 'snapshot') return {ok: true, snapshot: null};
  const parsed = snapshotLineSchema.safeParse(value);
  return parsed.success ? {ok: true, snapshot: parsed.data.snapshot} : {ok: false, why: firstIssue(parsed.error), json: false};
}

/** Parses the text of a trace file; see readTrace. */
export function parseTrace(text: string): Trace {
  const lines = text.split('\n');
  const cutShort = !text.endsWith('\n');
  if (!cutShort) lines.pop();
  const first = lines[0];
  if (first === undefined || first.trim() === '') return {header: null, snapshots: [], error: 'not an aswap trace: the file is empty'};
  let headerValue: unknown;
  try {
    headerValue = JSON.parse(first);
  } catch (error) {
    return {header: null, snapshots: [], error: `not an aswap trace: line 1: ${lowerFirst(oneLine(error))}`};
  }
  const wrote = (headerValue as {type?: unknown; version?: unknown} | null)?.version;
  if ((headerValue as {type?: unknown} | null)?.type === 'header' && typeof wrote === 'string') {
    const mismatch = versionMismatch(wrote);
    if (mismatch) {
      const error = `written by aswap ${wrote.slice(0, 40)}, and this aswap ${aswapVersion()} reads traces of aswap ${mismatch.reads}`;
      return {header: null, snapshots: [], error, incompatible: mismatch};
    }
  }
  const header = headerSchema.safeParse(headerValue);
  if (!header.success) return {header: null, snapshots: [], error: `not an aswap trace: line 1: ${firstIssue(header.error)}`};

  const snapshots: Snapshot[] = [];
  let error: string | null = null;
  let bad = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const result = parseSnapshotLine(line);
    if (result.ok) {
      if (result.snapshot) snapshots.push(result.snapshot);
      continue;
    }
    bad++;
    if (error === null) {
      // A last line without its newline is one the writer never finished: V8's message depends on
      // where the cut fell, so say what happened.
      const last = cutShort && i === lines.length - 1;
      error = last
        ? `trace cut short at line ${i + 1}: ${result.json ? 'unexpected end of JSON' : result.why}`
        : `trace corrupted at line ${i + 1}: ${result.why}`;
    }
  }
  if (error !== null && bad > 1) error += ` (${bad} bad lines skipped)`;
  return {header: header.data, snapshots, error};
}

/**
 * The largest trace `aswap replay` reads. A busy frame of camera-launch is about 9 KB of JSON and
 * takes about 6 times that once parsed, so 40 MB (some 4,500 busy frames: 7 minutes at 10 frames a
 * second, longer when the dashboard is quiet at 2) keeps a replay well under 500 MB.
 */
export const MAX_TRACE_BYTES = 40 * 1024 * 1024;

/**
 * Reads a trace (a regular file or a pipe, up to MAX_TRACE_BYTES). Content problems never throw: a file cut short or with corrupted lines yields every
 * good snapshot line and an `error` such as "trace cut short at line 42: unexpected end of JSON
 * input"; a file whose first line is no header yields `header: null`. A file that cannot be read
 * throws an Error with a one-line message.
 */
export function readTrace(path: string): Trace {
  let text: string;
  try {
    text = readBounded(path, {maxBytes: MAX_TRACE_BYTES, pipes: true});
  } catch (error) {
    throw new Error(`cannot read the trace ${path}: ${oneLine(error)}`);
  }
  return parseTrace(text);
}
