/**
 * The fuzz of issue 12: random scenario files and command lines (test/fuzz/arbitraries.ts) each end
 * in exit 0, or in exit 2 with exactly one line on stderr; never exit 1 (an internal error), a
 * signal, or more than 500 MB of memory. Most cases run in-process against main() (fast: the live
 * memory of the worker is checked after each); a sample runs through the real CLI, whose peak RSS
 * the child reports itself as it exits.
 *
 * ASWAP_FUZZ_RUNS and ASWAP_FUZZ_SEED run a longer or another fuzz locally.
 */
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.tsx';
import {tempDir} from '../record/helpers.ts';
import {argvOf, fuzzCase, type FuzzCase} from './arbitraries.ts';

const RUNS = Number(process.env.ASWAP_FUZZ_RUNS ?? 1000);
const CLI_RUNS = Math.max(10, Math.round(RUNS / 25));
const SEED = Number(process.env.ASWAP_FUZZ_SEED ?? 20_251_012);
const MAX_RSS_BYTES = 500 * 1024 * 1024;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.cleanup());

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Memory this worker really holds after a case: when its RSS is high, garbage is collected first,
 * so that garbage left by hundreds of earlier cases is not blamed on this one.
 */
function liveBytes(): number {
  if (process.memoryUsage().rss < 400 * 1024 * 1024) return process.memoryUsage().rss;
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

interface Outcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What must hold for every case: exit 0, or exit 2 with one `aswap: ` line and nothing on stdout. */
function verdict(o: Outcome): string | null {
  if (o.signal !== null) return `killed by ${o.signal}`;
  if (o.status === 0) return null;
  if (o.status !== 2) return `exit ${o.status}: ${o.stderr.slice(0, 500)}`;
  if (!/^aswap: [^\n]+\n$/.test(o.stderr)) return `exit 2 without exactly one line: ${JSON.stringify(o.stderr.slice(0, 500))}`;
  if (o.stdout !== '') return `exit 2 with output: ${JSON.stringify(o.stdout.slice(0, 200))}`;
  // eslint-disable-next-line no-control-regex -- no terminal control may reach the user's terminal
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(o.stderr.slice(0, -1))) return `a control character in ${JSON.stringify(o.stderr)}`;
  return null;
}

let n = 0;
/** A case's files: its scenario file, and where a recording would go. */
function filesOf(c: FuzzCase): {path: string; out: string} {
  const i = n++;
  const path = tmp.file(`s${i}.json`);
  writeFileSync(path, c.file);
  return {path, out: tmp.file(`r${i}.cast`)};
}

/** main() in this process, with stdout and stderr captured and the exit status read back. */
async function inProcess(argv: readonly string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {out: process.stdout.write, err: process.stderr.write};
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await main(argv);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const status = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return {status, signal: null, stdout: out.join(''), stderr: err.join('')};
}

/** The child's own report of its peak RSS, written as it exits (preloaded with --import). */
const RSS_REPORT = `data:text/javascript,${encodeURIComponent(
  "import {readFileSync, writeFileSync} from 'node:fs'; process.on('exit', () => writeFileSync(process.env.ASWAP_FUZZ_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));",
)}`;

/** The real CLI, with its peak RSS. */
function throughCli(argv: readonly string[], rssFile: string): Promise<Outcome & {maxRssBytes: number}> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', RSS_REPORT, 'bin/aswap.js', ...argv],
      {cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: {...process.env, CI: '0', ASWAP_FUZZ_RSS_FILE: rssFile}},
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && error.signal == null) return reject(error);
        let maxRssBytes = NaN;
        try {
          maxRssBytes = Number(readFileSync(rssFile, 'utf8'));
        } catch {
          // Not written: the child died before its exit handlers ran (the verdict says how).
        }
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: (error?.signal as string | undefined) ?? null,
          stdout,
          stderr,
          maxRssBytes,
        });
      },
    );
  });
}

describe('fuzz: random scenario files and command lines', () => {
  it(`${RUNS} cases in-process end in exit 0, or exit 2 with one line, and memory stays bounded`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const {path, out} = filesOf(c);
        const argv = argvOf(c, path, out);
        const o = await inProcess(argv);
        expect(verdict(o), JSON.stringify(argv)).toBeNull();
        expect(liveBytes(), JSON.stringify(argv)).toBeLessThan(MAX_RSS_BYTES);
      }),
      {numRuns: RUNS, seed: SEED, endOnFailure: true},
    );
  }, 600_000);

  it(`${CLI_RUNS} cases through the real CLI, each under 500 MB`, async () => {
    const samples = fc.sample(fuzzCase, {numRuns: CLI_RUNS, seed: SEED + 1});
    const failures: string[] = [];
    // Three at a time: a 2-core machine shared with others.
    for (let i = 0; i < samples.length; i += 3) {
      const batch = samples.slice(i, i + 3).map(async (c) => {
        const {path, out} = filesOf(c);
        // A shell cannot pass a NUL byte in an argument either.
        const argv = argvOf(c, path, out).map((a) => a.replaceAll('\0', ''));
        const o = await throughCli(argv, `${out}.rss`);
        const why = verdict(o) ?? (o.maxRssBytes < MAX_RSS_BYTES ? null : `peak RSS ${Math.round(o.maxRssBytes / 1048576)} MB`);
        if (why) failures.push(`${JSON.stringify(argv)}: ${why}`);
        // The child really reported: the measurement is not vacuous.
        if (!(o.maxRssBytes > 10 * 1024 * 1024)) failures.push(`${JSON.stringify(argv)}: no RSS reported`);
      });
      await Promise.all(batch);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
