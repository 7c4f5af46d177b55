/**
 * Runs the real CLI (`node bin/aswap.js …`) as a child process and checks what a user sees: exit
 * status, stdout, stderr. Invocations are asynchronous so a test file can start several at once;
 * a small limiter keeps a 2-core machine from thrashing.
 */
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import xterm from '@xterm/headless';
import type {AsciicastEvent} from '../../src/record/asciicast.ts';

export type Terminal = InstanceType<typeof xterm.Terminal>;

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/aswap.js', import.meta.url));

export interface CliResult {
  /** The exit status, or null if a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAX_PARALLEL = 3;
let running = 0;
const queue: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

/** `node bin/aswap.js ...args` in the repository root, stdout and stderr captured (pipes, not a terminal). */
export async function aswap(args: readonly string[], opts: {env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> {
  const release = await slot();
  try {
    return await new Promise<CliResult>((resolve, reject) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {cwd: ROOT, env: {...process.env, CI: '0', ...opts.env}, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000},
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number' && error.signal == null) {
            reject(error);
            return;
          }
          resolve({status: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: (error?.signal as NodeJS.Signals | undefined) ?? null, stdout, stderr});
        },
      );
    });
  } finally {
    release();
  }
}

/** A successful headless command: status 0, nothing on stderr, and stdout holding exactly one JSON line. */
export function oneJsonLine(r: CliResult): unknown {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.slice(0, -1)).not.toContain('\n');
  return JSON.parse(r.stdout);
}

/** A user mistake: status 2, nothing on stdout, one `aswap: ` line on stderr, no stack trace. Returns the line. */
export function usageError(r: CliResult): string {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^aswap: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\bat \S+ \(|\bat (file|node):|^\s+at /m);
  expect(r.stderr).not.toContain('internal error');
  expect(r.status).toBe(2);
  return r.stderr.slice(0, -1);
}

type Percentiles = {p50: number; p95: number; p99: number; max: number};

function expectPercentiles(p: unknown): void {
  expect(Object.keys(p as object).sort()).toEqual(['max', 'p50', 'p95', 'p99']);
  const {p50, p95, p99, max} = p as Percentiles;
  for (const v of [p50, p95, p99, max]) expect(Number.isFinite(v) && v >= 0).toBe(true);
  expect(p50).toBeLessThanOrEqual(p95);
  expect(p95).toBeLessThanOrEqual(p99);
  expect(p99).toBeLessThanOrEqual(max);
}

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const isAmount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A section holds exactly these keys, each a non-negative number (integers for `counts`). */
function expectSection(section: unknown, counts: readonly string[], amounts: readonly string[] = []): void {
  expect(Object.keys(section as object).sort()).toEqual([...counts, ...amounts].sort());
  const s = section as Record<string, unknown>;
  for (const k of counts) expect({[k]: isCount(s[k])}).toEqual({[k]: true});
  for (const k of amounts) expect({[k]: isAmount(s[k])}).toEqual({[k]: true});
}

/** The shape of `aswap run --json`: every documented field, with its type and its invariants. */
export function expectSummary(value: unknown, opts: {munmap: boolean}): Summary {
  const s = value as Summary;
  expect(typeof s.scenario).toBe('string');
  expect(typeof s.policy).toBe('string');
  expect(typeof s.device).toBe('string');
  expect(isCount(s.seed)).toBe(true);
  expect(isAmount(s.simSeconds) && s.simSeconds > 0).toBe(true);
  expect(isCount(s.kills)).toBe(true);
  expect(isCount(s.exits)).toBe(true);
  expectPercentiles(s.exitMs);
  expectPercentiles(s.releaseMs);
  expectSection(s.swap, ['entriesAtKill', 'freedSync', 'freedAsync', 'pending']);
  expect(s.swap.freedSync + s.swap.freedAsync + s.swap.pending).toBe(s.swap.entriesAtKill);
  expectSection(s.cache, ['peak', 'flushes', 'forcedFlushes', 'workQueued', 'workEmpty', 'allocFailures', 'asyncSwapCount']);
  expect(s.cache.forcedFlushes).toBeLessThanOrEqual(s.cache.flushes);
  expect(s.cache.workEmpty).toBeLessThanOrEqual(s.cache.workQueued);
  expect(Array.isArray(s.kworkers) && s.kworkers.length > 0).toBe(true);
  for (const k of s.kworkers) expectSection(k, ['node', 'workers', 'worksRun', 'entriesFreed'], ['busyMs']);
  // Every entry freed asynchronously was freed by some node's kworkers.
  expect(s.kworkers.reduce((n, k) => n + k.entriesFreed, 0)).toBe(s.swap.freedAsync);
  expectSection(s.cpuMs, [], ['exitingTasks', 'kworkers', 'reaper']);
  expectSection(s.psi, [], ['someTotalMs', 'fullTotalMs', 'someAvg10Max', 'fullAvg10Max']);
  expect(s.psi.fullTotalMs).toBeLessThanOrEqual(s.psi.someTotalMs);
  expectSection(s.engine, ['events'], ['wallMs']);
  expect(s.engine.events).toBeGreaterThan(0);
  if (opts.munmap) {
    expectSection(s.zapMs, [], ['mean', 'max']);
    expect(s.zapMs!.mean).toBeLessThanOrEqual(s.zapMs!.max);
  } else {
    expect(s).not.toHaveProperty('zapMs');
  }
  return s;
}

export interface Summary {
  scenario: string;
  policy: string;
  device: string;
  seed: number;
  simSeconds: number;
  kills: number;
  exits: number;
  exitMs: Percentiles;
  releaseMs: Percentiles;
  swap: {entriesAtKill: number; freedSync: number; freedAsync: number; pending: number};
  cache: {peak: number; flushes: number; forcedFlushes: number; workQueued: number; workEmpty: number; allocFailures: number; asyncSwapCount: number};
  kworkers: {node: number; workers: number; busyMs: number; worksRun: number; entriesFreed: number}[];
  cpuMs: {exitingTasks: number; kworkers: number; reaper: number};
  psi: {someTotalMs: number; fullTotalMs: number; someAvg10Max: number; fullAvg10Max: number};
  zapMs?: {mean: number; max: number};
  engine: {events: number; wallMs: number};
}

/** The JSON text with `"wallMs":<number>` (the one field measured on the wall clock) taken out. */
export function withoutWallMs(json: string): string {
  const out = json.replace(/,?"wallMs":-?[\d.e+-]+/g, '');
  expect(out).not.toBe(json);
  return out;
}

/** The simulated clock as the dashboard header shows it (m:ss.mmm). */
export function clock(nowNs: number): string {
  const ms = Math.floor(nowNs / 1e6);
  return `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** Plays the `o` events of a recording into a headless xterm of the given size; the terminal is returned for inspection. */
export async function play(events: readonly AsciicastEvent[], cols: number, rows: number): Promise<Terminal> {
  const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
  for (const [, code, data] of events) if (code === 'o') await new Promise<void>((resolve) => term.write(data, resolve));
  return term;
}

/** The visible screen of a headless xterm, one right-trimmed string per row. */
export function screenLines(term: Terminal): string[] {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  return lines;
}
