/** `aswap run`: the headless contract (README "The JSON summary"), as a user gets it from the shell. */
import {beforeAll, describe, expect, it} from 'vitest';
import {aswap, expectSummary, oneJsonLine, withoutWallMs, type CliResult, type Summary} from './helpers.ts';

const KILL_BURST = ['run', '--json', '--scenario', 'kill-burst', '--sim-seconds', '5'];
const MUNMAP = ['run', '--json', '--scenario', 'munmap', '--set', 'procs=2', '--set', 'sizeMB=64'];
/** 64 MB of 4 KiB pages, fully swapped out, per process. */
const MUNMAP_ENTRIES = 2 * ((64 * 1024 * 1024) / 4096);

let r: Record<'gatherOom' | 'gatherOom2' | 'gather' | 'sync' | 'apps3' | 'munmap' | 'munmap2' | 'text', CliResult>;

beforeAll(async () => {
  const [gatherOom, gatherOom2, gather, sync, apps3, munmap, munmap2, text] = await Promise.all([
    aswap(KILL_BURST),
    aswap(KILL_BURST),
    aswap([...KILL_BURST, '--policy', 'gather']),
    aswap([...KILL_BURST, '--policy', 'sync']),
    aswap([...KILL_BURST, '--set', 'apps=3']),
    aswap(MUNMAP),
    aswap(MUNMAP),
    aswap(['run', '--scenario', 'kill-burst', '--sim-seconds', '5', '--policy', 'sync']),
  ]);
  r = {gatherOom: gatherOom!, gatherOom2: gatherOom2!, gather: gather!, sync: sync!, apps3: apps3!, munmap: munmap!, munmap2: munmap2!, text: text!};
}, 60_000);

describe('aswap run --json on kill-burst', () => {
  it('prints exactly one JSON object with every field of the contract', () => {
    const s = expectSummary(oneJsonLine(r.gatherOom), {munmap: false});
    expect(s).toMatchObject({scenario: 'kill-burst', policy: 'gather-oom', device: 'phone', seed: 1, simSeconds: 5});
    // A dozen-or-so apps killed within a second, all dead well before 5 s.
    expect(s.kills).toBeGreaterThan(0);
    expect(s.exits).toBe(s.kills);
    expect(s.swap.entriesAtKill).toBeGreaterThan(0);
    expect(s.exitMs.max).toBeGreaterThan(0);
  });

  it('is byte-identical for the same arguments, but for engine.wallMs', () => {
    expect(r.gatherOom2.status).toBe(0);
    expect(withoutWallMs(r.gatherOom2.stdout)).toBe(withoutWallMs(r.gatherOom.stdout));
  });

  it('frees everything inline under --policy sync, and mostly in kworkers under the gather policies', () => {
    const sync = expectSummary(oneJsonLine(r.sync), {munmap: false});
    const gather = expectSummary(oneJsonLine(r.gather), {munmap: false});
    const gatherOom = oneJsonLine(r.gatherOom) as Summary;
    expect(sync.policy).toBe('sync');
    expect(gather.policy).toBe('gather');

    expect(sync.swap.freedAsync).toBe(0);
    expect(sync.swap.pending).toBe(0);
    expect(sync.swap.freedSync).toBe(sync.swap.entriesAtKill);
    expect(sync.cache).toMatchObject({peak: 0, flushes: 0, workQueued: 0, asyncSwapCount: 0});
    expect(sync.kworkers.every((k) => k.worksRun === 0 && k.entriesFreed === 0)).toBe(true);

    for (const s of [gather, gatherOom]) {
      // The same seeded workload: the same kills and the same swap entries to free…
      expect(s.kills).toBe(sync.kills);
      expect(s.swap.entriesAtKill).toBe(sync.swap.entriesAtKill);
      // …but the kworkers free most of them; each exit's last runs (below MM_SWAPENTS) stay inline.
      expect(s.swap.freedAsync).toBeGreaterThan(s.swap.freedSync);
      expect(s.swap.freedSync).toBeGreaterThan(0);
      expect(s.cache.peak).toBeGreaterThan(0);
      expect(s.cache.workQueued).toBeGreaterThan(0);
      expect(s.kworkers.reduce((n, k) => n + k.worksRun, 0)).toBeGreaterThan(0);
      expect(s.cpuMs.kworkers).toBeGreaterThan(0);
    }
    // Freeing in kworkers is the point of the patch: the killed apps die sooner.
    expect(gatherOom.exitMs.p50).toBeLessThan(sync.exitMs.p50);
  });

  it('applies --set overrides', () => {
    const s = expectSummary(oneJsonLine(r.apps3), {munmap: false});
    expect(s.kills).toBe(3);
    expect(s.exits).toBe(3);
  });

  it('prints a readable text summary without --json', () => {
    expect(r.text.status).toBe(0);
    expect(r.text.stderr).toBe('');
    const text = r.text.stdout;
    expect(text.trimStart().startsWith('{')).toBe(false);
    expect(text).toContain('kill-burst');
    expect(text).toContain('sync');
    expect(text).toContain('exit latency');
    // The same run as the JSON one: the text carries its numbers.
    const sync = oneJsonLine(r.sync) as Summary;
    expect(text).toContain(`kills ${sync.kills}`);
    expect(text).toContain(`${sync.swap.entriesAtKill.toLocaleString('en-US')} at SIGKILL`);
  });
});

describe('aswap with no command and no terminal', () => {
  it('says so in one line and prints the headless summary instead of the dashboard', async () => {
    const r = await aswap(['--scenario', 'kill-burst', '--policy', 'sync']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^aswap: stdout is not a terminal[^\n]*\n$/);
    expect(r.stdout).toMatch(/^aswap run: kill-burst on phone, policy sync, seed 1/);
    expect(r.stdout).toContain('exit latency');
  });
});

describe('aswap run --json on munmap', () => {
  it('prints the contract plus zapMs, and unmapping (not dying) processes never gather', () => {
    const s = expectSummary(oneJsonLine(r.munmap), {munmap: true});
    expect(s).toMatchObject({scenario: 'munmap', policy: 'gather-oom', seed: 1, kills: 0, exits: 2});
    expect(s.swap).toEqual({entriesAtKill: MUNMAP_ENTRIES, freedSync: MUNMAP_ENTRIES, freedAsync: 0, pending: 0});
    expect(s.zapMs!.mean).toBeGreaterThan(0);
    expect(s.zapMs!.max).toBeLessThanOrEqual(s.exitMs.max);
  });

  it('is byte-identical for the same arguments, but for engine.wallMs', () => {
    expect(r.munmap2.status).toBe(0);
    expect(withoutWallMs(r.munmap2.stdout)).toBe(withoutWallMs(r.munmap.stdout));
  });
});
