/**
 * The CLI bundles Ink with scripts/ink-patches.js (cheaper frames). This bundles a renderer of
 * sample frames (the dashboard through a kill wave, and clipping / borders / wide characters) with
 * and without the patches and checks that both write exactly the same bytes.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {build} from 'esbuild';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {BUNDLE_OPTIONS} from '../../scripts/bundle-options.js';
import {inkPatches, patchInkSource, SINGLE_GRAPHEME_RANGES} from '../../scripts/ink-patches.js';
import {ROOT} from '../cli/helpers.ts';

async function framesWith(patched: boolean): Promise<string[][]> {
  const outdir = join(ROOT, 'node_modules', '.cache', 'aswap-ink-patches-test', patched ? 'patched' : 'plain');
  mkdirSync(outdir, {recursive: true});
  await build({
    absWorkingDir: ROOT,
    entryPoints: {entry: 'test/components/ink-patches-entry.tsx'},
    outdir,
    outExtension: {'.js': '.mjs'},
    ...BUNDLE_OPTIONS,
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'error',
    plugins: patched ? [inkPatches] : [],
  });
  return JSON.parse(execFileSync(process.execPath, [join(outdir, 'entry.mjs')], {cwd: ROOT, encoding: 'utf8', env: {...process.env, FORCE_COLOR: '1', CI: '0'}, maxBuffer: 256 * 1024 * 1024})) as string[][];
}

/** string-width as published and as patched, bundled into the cache directory and imported. */
async function stringWidths(): Promise<[(s: string) => number, (s: string) => number]> {
  const dir = join(ROOT, 'node_modules', '.cache', 'aswap-ink-patches-test');
  mkdirSync(dir, {recursive: true});
  const load = async (patched: boolean) => {
    const outfile = join(dir, `string-width-${patched ? 'patched' : 'plain'}.mjs`);
    await build({stdin: {contents: "export {default} from 'string-width';", resolveDir: ROOT}, outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error', plugins: patched ? [inkPatches] : []});
    return ((await import(outfile)) as {default: (s: string) => number}).default;
  };
  return [await load(false), await load(true)];
}

/** Ink's sanitizeAnsi as published and as patched, bundled into the cache directory and imported. */
async function sanitizers(): Promise<[(s: string) => string, (s: string) => string]> {
  const dir = join(ROOT, 'node_modules', '.cache', 'aswap-ink-patches-test');
  mkdirSync(dir, {recursive: true});
  const load = async (patched: boolean) => {
    const outfile = join(dir, `sanitize-ansi-${patched ? 'patched' : 'plain'}.mjs`);
    const contents = `export {default} from ${JSON.stringify(join(ROOT, 'node_modules/ink/build/sanitize-ansi.js'))};`;
    await build({stdin: {contents, resolveDir: ROOT}, outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error', plugins: patched ? [inkPatches] : []});
    return ((await import(outfile)) as {default: (s: string) => string}).default;
  };
  return [await load(false), await load(true)];
}

interface Tokenizer {
  readonly tokenize: (s: string) => unknown[];
  readonly styledCharsFromTokens: (tokens: unknown[]) => unknown[];
  readonly styledCharsToString: (chars: unknown[]) => string;
  readonly __aswapPaintedRow?: (line: string, width: number) => string | undefined;
}

/** @alcalzone/ansi-tokenize as published and as patched, bundled into the cache directory and imported. */
async function tokenizers(): Promise<[Tokenizer, Tokenizer]> {
  const dir = join(ROOT, 'node_modules', '.cache', 'aswap-ink-patches-test');
  mkdirSync(dir, {recursive: true});
  const load = async (patched: boolean) => {
    const outfile = join(dir, `ansi-tokenize-${patched ? 'patched' : 'plain'}.mjs`);
    await build({stdin: {contents: "export * from '@alcalzone/ansi-tokenize';", resolveDir: ROOT}, outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error', plugins: patched ? [inkPatches] : []});
    return (await import(outfile)) as Tokenizer;
  };
  return [await load(false), await load(true)];
}

describe('the Ink patches', () => {
  it('convert a painted row to exactly the string Ink makes of its styled characters', async () => {
    const [plain, patched] = await tokenizers();
    const convert = patched.__aswapPaintedRow!;
    const ink = (line: string) => plain.styledCharsToString(plain.styledCharsFromTokens(plain.tokenize(line))).trimEnd();
    // SGR sequences of every kind the tokenizer splits, reduces or resets, one-cell characters.
    const sgr = ['\x1b[0m', '\x1b[m', '\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[7m', '\x1b[27m', '\x1b[36m', '\x1b[39m', '\x1b[1;36m', '\x1b[2;7;90m', '\x1b[;1m', '\x1b[1;m', '\x1b[38;5;208m', '\x1b[48;2;1;2;3m', '\x1b[38;5m', '\x1b[4;24m', '\x1b[99m', '\x1b[0;1;2;3;4;7m', '\x1b[49m'];
    const chars = ['a', ' ', '  ', '█', '░', '│', '·', '…', '≥', '−', '→', '⠋', 'é', '\t', '\x07', 'x'];
    const painted = fc.array(fc.oneof(fc.constantFrom(...sgr), fc.constantFrom(...chars)), {maxLength: 40});
    const width = fc.integer({min: 0, max: 30});
    fc.assert(
      fc.property(painted, width, (parts, w) => {
        const line = parts.join('');
        // eslint-disable-next-line no-control-regex -- the SGR sequences are what is stripped
        const fits = [...line.replace(/\x1b\[[\d;]*m/g, '')].length <= w;
        const got = convert(line, w);
        return fits ? got === ink(line) : got === undefined;
      }),
      {numRuns: 5000},
    );
    // Anything else: the converter answers undefined or exactly what Ink makes.
    const other = ['\x1b', '[', 'm', '1', ';', ':', '\x1b[38:2::1:2:3m', '\x1b[2J', '\x1b]8;;http://x\x07', '\x9b', '\x9b1m', '日', '🙂', 'e\u0301', '\r\n', '\r'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...sgr, ...chars, ...other), {maxLength: 30}), (parts) => {
        const got = convert(parts.join(''), 100);
        return got === undefined || got === ink(parts.join(''));
      }),
      {numRuns: 5000},
    );
    expect(convert('\x1b[1mcache\x1b[0m \x1b[2mx  \x1b[0m  ', 80)).toBe(ink('\x1b[1mcache\x1b[0m \x1b[2mx  \x1b[0m  '));
    expect(convert('日本', 80)).toBeUndefined();
    expect(convert('\x1b[2J', 80)).toBeUndefined();
  });

  it('sanitize texts as Ink does', async () => {
    const [plain, patched] = await sanitizers();
    // SGR sequences, other CSI, OSC, C1 controls, and every piece of them cut short.
    const pieces = ['a', ' ', '█', '\n', '\x1b[1m', '\x1b[0m', '\x1b[38;5;2m', '\x1b[38:2::1:2:3m', '\x1b', '[', 'm', '1', ';', ':', '\x1b[2J', '\x1b[<1m', '\x1b[ m', '\x1b]8;;http://x\x07', '\x9b', '\x9b1m', '\x1b[', '\x1b[1', '\x07', '\x1bc', '\x90', '\x9c', '日', '\x1b[?25l'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 30}), (parts) => patched(parts.join('')) === plain(parts.join(''))), {numRuns: 5000});
    expect(patched('\x1b[1mcache\x1b[22m\x1b[2J')).toBe('\x1b[1mcache\x1b[22m');
    expect(readFileSync(join(ROOT, 'node_modules/.cache/aswap-ink-patches-test/sanitize-ansi-patched.mjs'), 'utf8')).toContain('__aswapSanitized');
  });

  it('measure strings as string-width does', async () => {
    const [plain, patched] = await stringWidths();
    const pieces = ['a', ' ', '█', '⠋', '│', '·', '…', '≥', '−', '→', 'é', '\n', '\r', '\r\n', '\t', '\x1b[1;36m', '\x1b[0m', '\x1b', '日', '🙂', 'e\u0301', '\u200d', '\u00ad', '\x07', '\x9b31m', '\x1b[', '[', 'm', '1', ';', '\x1b[38;5;208m', '\x1b[2J', '\x1b[;m', '\x1b]8;;x\x07', '\uE000'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 40}), (parts) => patched(parts.join('')) === plain(parts.join(''))), {numRuns: 2000});
    expect(patched('\x1b[1mcache_counts ████░░ 23/32\x1b[0m')).toBe(25);
    expect(readFileSync(join(ROOT, 'node_modules/.cache/aswap-ink-patches-test/string-width-patched.mjs'), 'utf8')).toContain('__aswapCharWidths');
  });

  it('write the same frames as Ink as published', async () => {
    const [plain, patched] = [await framesWith(false), await framesWith(true)];
    expect(plain[0]!.length).toBeGreaterThan(20);
    expect(plain[1]!.length).toBeGreaterThan(50);
    expect(patched).toEqual(plain);
  }, 120_000);

  it('refuse a dependency whose code changed under them', () => {
    const source = readFileSync(join(ROOT, 'node_modules/ink/build/output.js'), 'utf8');
    expect(patchInkSource('ink/build/output.js', source)).toContain('__aswapRows');
    expect(() => patchInkSource('ink/build/output.js', source.replace('const clips = [];', 'const clips = [ ];'))).toThrow(/dependency changed/);
    expect(() => patchInkSource('ink/build/measure-text.js', 'nothing to patch')).toThrow(/dependency changed/);
  });

  it('split per character only where Intl.Segmenter would: every such character is a grapheme of its own, next to any other', () => {
    const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
    const chars: string[] = [];
    for (const [a, b] of SINGLE_GRAPHEME_RANGES) for (let c = a!; c <= b!; c++) chars.push(String.fromCharCode(c));
    // Each character between each of a sample of others, and a long run of all of them.
    const sample = chars.filter((_, i) => i % 37 === 0);
    for (const c of chars) for (const d of sample) expect([...segmenter.segment(`${d}${c}${d}`)].length).toBe(3);
    expect([...segmenter.segment(chars.join(''))].length).toBe(chars.length);
  });
});
