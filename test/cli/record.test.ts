/**
 * `aswap record` (the dashboard recorded with no terminal, deterministically) and `aswap snapshot`
 * (one snapshot or one frame), run from the shell.
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import {parseAsciicast, type AsciicastEvent} from '../../src/record/asciicast.ts';
import {snapshotSchema} from '../../src/record/snapshot-schema.ts';
import {FRAME_HZ} from '../../src/sources/sim.ts';
import {readTrace} from '../../src/record/trace.ts';
import {tempDir} from '../record/helpers.ts';
import {aswap, clock, oneJsonLine, play, screenLines, type CliResult} from './helpers.ts';

const tmp = tempDir();
const COLS = 100;
const ROWS = 30;
const EPOCH = 1_700_000_000;
/** Frames of a 3 s recording: both ends included. */
const FRAMES = 3 * FRAME_HZ + 1;
const RECORD = (file: string, ...more: string[]) => ['record', tmp.file(file), '--duration', '3', '--cols', String(COLS), '--rows', String(ROWS), '--scenario', 'kill-burst', ...more];

let rec: CliResult;
let same: CliResult;
let otherSeed: CliResult;
let frame: CliResult;
let simJson: CliResult;
let hostPatched: CliResult;
let hostUnpatched: CliResult;

beforeAll(async () => {
  const env = {SOURCE_DATE_EPOCH: String(EPOCH)};
  [rec, same, otherSeed, frame, simJson, hostPatched, hostUnpatched] = await Promise.all([
    aswap(RECORD('a.cast', '--trace', tmp.file('a.jsonl')), {env}),
    // No SOURCE_DATE_EPOCH: the header has the time of the recording.
    aswap(RECORD('b.cast'), {env: {SOURCE_DATE_EPOCH: ''}}),
    aswap(RECORD('c.cast', '--seed', '2'), {env}),
    aswap(['snapshot', '--at', '3', '--cols', String(COLS), '--rows', String(ROWS), '--no-color', '--scenario', 'kill-burst']),
    aswap(['snapshot', '--json', '--at', '2', '--scenario', 'kill-burst']),
    aswap(['snapshot', '--source', 'host', '--proc-root', 'test/fixtures/proc-patched', '--json']),
    aswap(['snapshot', '--source', 'host', '--proc-root', 'test/fixtures/proc-unpatched', '--json']),
  ]);
}, 60_000);

afterAll(() => tmp.cleanup());

const text = (file: string): string => readFileSync(tmp.file(file), 'utf8');
const recorded = (): AsciicastEvent[] => parseAsciicast(text('a.cast')).events;
const eventLines = (file: string): string[] => text(file).split('\n').slice(1);

describe('aswap record', () => {
  it('writes an asciicast v2 file of the asked size and length, and says so on stderr', () => {
    expect(rec.status).toBe(0);
    expect(rec.stdout).toBe('');
    const cast = parseAsciicast(text('a.cast'));
    const events = cast.events;
    expect(cast.header).toMatchObject({version: 2, width: COLS, height: ROWS, timestamp: EPOCH});
    expect(cast.header.title).toContain('kill-burst');
    expect(events.filter((e) => e[1] === 'o').length).toBeGreaterThan(1);
    for (let i = 1; i < events.length; i++) expect(events[i]![0]).toBeGreaterThanOrEqual(events[i - 1]![0]);
    // The recording's clock: 0 s to --duration.
    expect(events[0]![0]).toBe(0);
    expect(events[events.length - 1]![0]).toBe(3);
    // Every frame and every marker counted.
    const markers = events.filter((e) => e[1] === 'm').length;
    expect(rec.stderr).toBe(`aswap: recorded ${FRAMES} frames (3 s, ${markers} markers) to ${tmp.file('a.cast')} and ${tmp.file('a.jsonl')}\n`);
    // A dozen kills within a second make a kill-burst marker inside the recording.
    expect(events.some(([t, code, label]) => code === 'm' && label.startsWith('kill burst') && t > 0 && t < 3)).toBe(true);
  });

  it('gives the same events for the same seed (and --trace changes nothing), others for another seed', () => {
    expect(same.status).toBe(0);
    expect(otherSeed.status).toBe(0);
    expect(eventLines('b.cast')).toEqual(eventLines('a.cast'));
    // The headers differ only in their timestamp (SOURCE_DATE_EPOCH makes whole files identical).
    const a = parseAsciicast(text('a.cast')).header;
    const b = parseAsciicast(text('b.cast')).header;
    expect(b.timestamp).toBeGreaterThan(EPOCH);
    expect({...b, timestamp: EPOCH}).toEqual(a);
    const other = eventLines('c.cast');
    expect(parseAsciicast(text('c.cast')).header).toMatchObject({width: COLS, height: ROWS});
    expect(other).not.toEqual(eventLines('a.cast'));
  });

  it('ends on the frame `aswap snapshot --at 3` prints, but for the status in the header', async () => {
    expect(frame.status).toBe(0);
    expect(frame.stderr).toBe('');
    const screen = screenLines(await play(recorded(), COLS, ROWS));
    const printed = frame.stdout.replace(/\n$/, '').split('\n');
    expect(printed.length).toBeLessThanOrEqual(ROWS);
    while (printed.length < ROWS) printed.push('');
    // The header: the same clock, but a recording runs and a snapshot is a paused frame.
    expect(screen[0]).toContain('t 0:03.000');
    expect(screen[0]).toContain('running');
    expect(printed[0]).toContain('t 0:03.000');
    expect(printed[0]).toContain('PAUSED');
    expect(screen.slice(1)).toEqual(printed.slice(1).map((l) => l.trimEnd()));
  });

  it('writes a trace of the same frames, whose last one is on the final screen', async () => {
    const trace = readTrace(tmp.file('a.jsonl'));
    expect(trace.error).toBeNull();
    expect(trace.header).toMatchObject({type: 'header', scenario: 'kill-burst', policy: 'gather-oom', seed: 1, device: 'phone'});
    expect(trace.snapshots).toHaveLength(FRAMES);
    const last = trace.snapshots[trace.snapshots.length - 1]!;
    expect(last.nowNs).toBe(3e9);
    const screen = screenLines(await play(recorded(), COLS, ROWS)).join('\n');
    expect(screen).toContain(`t ${clock(last.nowNs)}`);
    const cache = /cache_counts \S+ (\d+)\/(\d+)/.exec(screen);
    expect(cache, screen).not.toBeNull();
    expect([Number(cache![1]), Number(cache![2])]).toEqual([last.gather!.cacheCount, last.gather!.maxCacheEntries]);
    expect(screen).toContain(`killed ${last.exits.kills}`);
  });

  it('writes a trace that `aswap replay` reads back: without a terminal, its last frame as JSON', async () => {
    const replay = await aswap(['replay', tmp.file('a.jsonl')]);
    const trace = readTrace(tmp.file('a.jsonl'));
    expect(replay.status).toBe(0);
    expect(replay.stderr).toMatch(/^aswap: stdout is not a terminal[^\n]*\n$/);
    expect(JSON.parse(replay.stdout)).toEqual(trace.snapshots[trace.snapshots.length - 1]);
  });
});

describe('aswap snapshot', () => {
  it('--json prints one simulator snapshot at --at seconds', () => {
    const s = oneJsonLine(simJson);
    expect(snapshotSchema.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({source: 'sim', scenario: 'kill-burst', device: 'phone', seed: 1, nowNs: 2e9});
  });

  it('--source host reads a patched /proc copy', () => {
    const s = oneJsonLine(hostPatched) as Snapshot;
    expect(snapshotSchema.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({source: 'host', scenario: 'host', device: 'numa-lab', exitingTasks: 3});
    expect(s.gather).toMatchObject({cacheCount: 17, maxCacheEntries: 32, asyncSwapCount: 4242});
    expect(s.nodes!.map((n) => [n.node, n.poolId, n.kworkers.map((k) => k.name)])).toEqual([
      [0, 17, ['kworker/u17:2']],
      [1, 18, ['kworker/u18:0', 'kworker/u18:1']],
    ]);
    expect(s.psi!.some.avg10).toBe(1.53);
  });

  it('--source host on a kernel without the patch leaves its sections null', () => {
    const s = oneJsonLine(hostUnpatched) as Snapshot;
    expect(snapshotSchema.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({source: 'host', device: 'plain-box', exitingTasks: null, gather: null, nodes: null});
    expect(s.params.policy).toBe('sync');
    expect(s.log.map((e) => e.text)).toEqual(['patch not present on this kernel: no /proc/aswap_free_counts']);
  });
});
