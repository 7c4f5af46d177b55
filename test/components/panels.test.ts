import {describe, expect, it} from 'vitest';
import {compareDiffLines, type Side} from '../../components/compare-diff.ts';
import {cpusLines} from '../../components/cpus.ts';
import {eventLogLines, wrapWords} from '../../components/event-log.ts';
import {exitingTasksBlocks} from '../../components/exiting-tasks.ts';
import {footerLine} from '../../components/footer.ts';
import {gatherCacheLines} from '../../components/gather-cache.ts';
import {headerLines, type HeaderProps} from '../../components/header.ts';
import {helpLines} from '../../components/help-overlay.ts';
import {advance, emptyHistory} from '../../components/history.ts';
import {KEYMAP} from '../../components/keymap.ts';
import {kworkersLines, mergedQueues} from '../../components/kworkers.ts';
import {pressureLines, type PressureProps} from '../../components/pressure.ts';
import {makeTheme} from '../../components/theme.ts';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import type {CommandType} from '../../src/sources/source.ts';
import {busySnapshot as busy, emptySnapshot, hostSnapshot as host, syncSnapshot, worldSnapshot} from '../fixtures/snapshots.ts';
import {blockLines, plainLines, SPIN_FRAME} from './render.tsx';

const ALL: ReadonlySet<CommandType> = new Set(['flush', 'set-param', 'set-policy', 'camera-launch', 'pause', 'resume', 'step', 'speed', 'restart', 'next-event', 'slow-motion']);
const theme = makeTheme(false);
const RUNNING = {paused: false, speed: 1, note: null};

function header(s: Snapshot, width: number, over: Partial<HeaderProps> = {}): string[] {
  const h = advance(emptyHistory, s);
  return plainLines(
    headerLines(
      {
        source: s.source, scenario: s.scenario, device: s.device, seed: s.seed, nowNs: s.nowNs, params: s.params, policy: s.params.policy,
        policies: [s.params.policy], status: RUNNING, foreground: s.foreground, launchStartNs: h.launchStartNs, memory: {level: 'warn', why: 'PSI some 234 ms/s'},
        exiting: s.exitingTasks, knobKeys: true, width, rows: 3, ...over,
      },
      theme,
    ),
  );
}

describe('header', () => {
  it('names scenario, device, policy, seed, clock, speed and state; the foreground phase and memory; the knobs with their keys', () => {
    expect(header(busy, 120)).toMatchInlineSnapshot(`
      [
        "aswap  sim  camera-burst  on phone-8c-12g  policy gather-oom  seed 1  t 0:11.245  1×  running",
        "camera2 ◰ LAUNCHING  memory WARN PSI some 234 ms/s  exiting 6",
        "sS MM_SWAPENTS ≥ 3200  +- max_cache_entries 32  [] MIN_EXITING_TASKS_THRESHOLD 1  wW max_active 0 (=256)",
      ]
    `);
  });

  it('keeps policy, clock, state, device and the MM_SWAPENTS threshold at 80 columns', () => {
    const lines = header(busy, 80, {status: {paused: true, speed: 1, note: null}});
    expect(lines[0]).toContain('policy gather-oom');
    expect(lines[0]).toContain('t 0:11.245');
    expect(lines[0]).toContain('PAUSED');
    expect(lines[0]).toContain('on phone-8c-12g');
    expect(lines[2]).toContain('sS MM_SWAPENTS ≥ 3200');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('announces slow motion and the camera’s phase, launch to preview', () => {
    const slow = {paused: false, speed: 0.25, baseSpeed: 1, note: null, slowMotion: {enabled: true, active: true, speed: 0.25}};
    const [one, two] = header(busy, 120, {status: slow, launchStartNs: busy.nowNs - 620_000_000});
    expect(one).toContain('0.25× SLOW-MO');
    expect(one).toContain('on phone-8c-12g');
    expect(two).toContain(`camera2 ${SPIN_FRAME} LAUNCHING 0.6 s`);
    expect(two).toContain('slow motion 0.25× while tasks exit · a: off');
    const preview = header(worldSnapshot, 80)[1]!;
    expect(preview).toMatchInlineSnapshot(`"camera2 preview  first frame after 1406 ms  memory WARN PSI some 234 ms/s"`);
  });

  it('shows the running policy’s own knobs on the third line, and that the knob keys do not apply to it', () => {
    const params = {...busy.params, policy: 'zs-deferred' as const};
    expect(header({...busy, params}, 120, {policies: ['zs-deferred']})[2]).toBe("--set zsPoolPages=8  zsBufferHandles=512  sS +- [] wW: v0's knobs, n/a");
    expect(header({...busy, params: {...params, policy: 'tlb-gather-2024', tlbBatchPages: 38}}, 120, {policies: ['tlb-gather-2024']})[2]).toBe(
      "--set tlbMinExitingTasks=2  tlbSwapentsThreshold=32  tlbBatchPages=38  sS +- [] wW: v0's knobs, n/a",
    );
    expect(header({...busy, params: {...params, policy: 'sync'}}, 120, {policies: ['sync']})[2]).toBe("sync has no knobs: every swap run is freed inline  sS +- [] wW: v0's knobs, n/a");
    // Side by side: v0's knobs while either side reads them, the other side's own tagged.
    expect(header(busy, 120, {policies: ['gather-oom', 'swap-table']})[2]).toBe('A sS MM_SWAPENTS ≥ 3200  +- max_cache_entries 32  [] MIN_EXITING_TASKS_THRESHOLD 1  wW max_active 0 (=256)');
    expect(header(busy, 200, {policies: ['gather-oom', 'swap-table']})[2]).toContain('B --set swapTableCoreScale=0.7');
    for (const l of header({...busy, params}, 80, {policies: ['zs-deferred']})) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('shows a replay’s position and length, and a cut-short trace without losing the scenario', () => {
    const status = {paused: false, speed: 1, note: 'trace cut short at line 412: unexpected end of JSON input', ended: true, position: {atNs: 12_300_000_000, lengthNs: 30_000_000_000}};
    const lines = header({...busy, source: 'replay'}, 80, {source: 'replay', status, knobKeys: false});
    expect(lines[0]).toContain('▶ 12.3/30.0 s');
    expect(lines[0]).toContain('END');
    expect(lines[0]).toContain('camera-burst');
    expect(lines.join('\n')).toContain('trace cut short at line 412');
    expect(lines[2]).not.toContain('sS');
  });
});

describe('exiting tasks', () => {
  const panel = (s: Snapshot, width: number, rows: number, animate = false) =>
    blockLines(exitingTasksBlocks({exitingTasks: s.exitingTasks, tasks: s.tasks, exits: s.exits, policy: s.params.policy, width, rows, animate}, theme), width);

  it('shows exiting_tasks, exit percentiles and the tasks in do_exit', () => {
    expect(panel(busy, 120, 10)).toMatchInlineSnapshot(`
      [
        " Exiting tasks   exiting_tasks 6  exit p50 226 ms  p99 301 ms  killed 16  exited 10  recent ▆▆▅▇▆▆▆█▆▆",
        "    pid  app                         oom_score_adj  state         cpu  MM_SWAPENTS  freed sync  gathered   ms",
        " ● 4312  com.spotify.music                     999  spin ptl        2        18.2k       21.0k     65.7k  433",
        " ● 4480  com.instagram.android                 985  do_exit         5        41.0k        9600     45.4k  255",
        "   4521  com.google.android.youtube            975  do_exit+reap    -        90.1k        4096     36.9k  195",
        " ● 4602  com.whatsapp                          960  do_exit         6        60.0k         536      5000  105",
        "   4655  com.facebook.katana                   945  killed          -         120k           0         0   44",
        "   4701  com.netflix.mediaclient               930  killed          -        88.0k           0         0   15",
      ]
    `);
  });

  it('drops columns at 80 columns, cuts app names from the left, and says how many tasks it hides', () => {
    const lines = panel(busy, 80, 6);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Exiting tasks   exiting_tasks 6  exit p50 226 ms  p99 301 ms  killed 16",
        "    pid  app            oom_score_adj  MM_SWAPENTS  freed sync  gathered   ms",
        " ● 4312  spotify.music            999        18.2k       21.0k     65.7k  433",
        " ● 4480  instagram                985        41.0k        9600     45.4k  255",
        "   4521  youtube                  975        90.1k        4096     36.9k  195",
        "… 3 more",
      ]
    `);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('marks running tasks with a spinner while the clock runs', () => {
    const lines = panel(busy, 120, 10, true);
    expect(lines.find((l) => l.includes('com.spotify.music'))!.trim()[0]).toBe(SPIN_FRAME);
    expect(lines.find((l) => l.includes('com.facebook.katana'))!.trim().startsWith('4655')).toBe(true);
  });

  it('keeps the table’s headings while no task exits, and says why it is empty', () => {
    expect(panel({...busy, tasks: [], exitingTasks: 0}, 100, 5)).toMatchInlineSnapshot(`
      [
        " Exiting tasks   exiting_tasks 0  exit p50 226 ms  p99 301 ms  killed 16  exited 10",
        "    pid  app  oom_score_adj  state  cpu  MM_SWAPENTS  freed sync  gathered  ms",
        "no task between SIGKILL and do_task_dead",
      ]
    `);
    expect(panel({...busy, tasks: [], exitingTasks: 0, params: {...busy.params, policy: 'sync'}, exits: {...busy.exits, kills: 0}}, 100, 5).slice(1)).toMatchInlineSnapshot(`
      [
        "    pid  app  oom_score_adj  state  cpu  MM_SWAPENTS  freed sync  ms",
        "no task unmapping or exiting now",
      ]
    `);
  });

  it('renders one line, not zeros, when the kernel lacks the patch', () => {
    expect(panel(host, 80, 8)).toEqual([' Exiting tasks', 'exiting_tasks: patch not present on this kernel']);
  });
});

describe('gather cache / release', () => {
  const panel = (s: Snapshot, width: number, rows: number, policy = s.params.policy as string, release = null as Parameters<typeof gatherCacheLines>[0]['release']) =>
    plainLines(gatherCacheLines({gather: s.gather, policy, release, width, rows}, theme));

  it('shows cache_counts against max_cache_entries, flushes by kind, works, what is parked and a minute of history', () => {
    expect(panel(busy, 80, 5)).toMatchInlineSnapshot(`
      [
        " Gather cache   cache_counts █████████████████░░░░░░░ 23/32",
        "flushes threshold 12 · OOM 3 · manual 1  works queued 41 · empty 9",
        "async_swap_count 1184  parked 45.3k entries · 61 MB zram held",
        "alloc failures node 2 · work 0",
        "last 60 s ··············································▁▂▄█▆▄▂▅▆▄▄▅▆▃ peak 58",
      ]
    `);
  });

  it('shows a policy without a gather list by its own counters, and what the list still holds', () => {
    const release = {policy: 'zs-deferred', counters: [{name: 'deferred handles pending', value: 412, unit: 'count'}, {name: 'pool pages free', value: 3, unit: 'count'}, {name: 'zram held', value: 5 * 1024 * 1024, unit: 'bytes'}]};
    expect(panel(busy, 100, 5, 'zs-deferred', release)).toMatchInlineSnapshot(`
      [
        " Release · zs-deferred   deferred handles pending 412",
        "still on the gather list 45.3k entries · 61 MB zram held",
        "pool pages free 3  zram held 5.0 MB",
        "per-CPU buffers of deferred zs_free drained by an unbound worker; synchronous when the pool is empty",
      ]
    `);
  });

  it('says what sync does when there are no counters', () => {
    expect(panel(syncSnapshot, 100, 4)).toMatchInlineSnapshot(`
      [
        " Release · sync",
        "today's kernel: every swap run is freed inline by the exiting task",
      ]
    `);
  });

  it('renders one line when the kernel lacks the patch', () => {
    expect(panel(host, 80, 5)).toEqual([' Gather cache', 'cache_counts: patch not present on this kernel']);
  });
});

describe('kworkers', () => {
  const panel = (s: Snapshot, width: number, rows: number, rates: Parameters<typeof kworkersLines>[0]['rates'] = null) => plainLines(kworkersLines({nodes: s.nodes, rates, width, rows, animate: false}, theme));

  it('shows each node with nr_active/max_active and each busy kworker by its kernel name', () => {
    expect(panel(busy, 100, 7)).toMatchInlineSnapshot(`
      [
        " Kworkers   busy 2/6  freed 412k/s",
        "● node0 u17  busy 2 idle 2  CPU 38%  freed 412k/s  nr_active/max_active 2/128 · 1 pending  works 33",
        "  ● kworker/u17:2  on CPU 1  works 9  freed 48.1k  runtime 53 ms",
        "  ● kworker/u17:3  on CPU 3  works 7  freed 30.7k  runtime 34 ms",
        "  node1 u18  busy 0 idle 2  CPU 0%  freed 0/s  nr_active/max_active 0/128  works 8",
        "  idle: kworker/u18:1 kworker/u18:4",
      ]
    `);
  });

  it('names every unbound pool whose kworkers it lists (kworker/u<pool>:<id>)', () => {
    // A policy that queues on events_unbound has kworkers of the node's normal pool (u16) too.
    const nodes = [{...busy.nodes![0]!, poolIds: [16, 17]}];
    expect(panel({...busy, nodes}, 100, 4)[1]).toMatch(/^● node0 u16 u17 {2}busy 2/);
  });

  it('uses the dashboard’s sliding window for rates when it has one', () => {
    const lines = panel(busy, 100, 7, new Map([[0, {freedPerSec: 0, cpuPct: 0}], [1, {freedPerSec: 0, cpuPct: 0}]]));
    expect(lines[0]).toContain('freed 0/s (last 0.5 s)');
    expect(lines[1]).toContain('CPU 0%');
  });

  it('lists each workqueue of a node once, busy ones first, wrapping between queues instead of cutting', () => {
    // What the engine reports after `m` went through tlb-gather-2024, zram-async-gc and zs-deferred:
    // events_unbound twice (each policy that uses it allocates one).
    const workqueues = [
      {name: 'async_swap_free', nrActive: 0, maxActive: 256, pending: 0},
      {name: 'tlb_swap_free', nrActive: 0, maxActive: 1, pending: 0},
      {name: 'events_unbound', nrActive: 1, maxActive: 256, pending: 0},
      {name: 'events_unbound', nrActive: 1, maxActive: 256, pending: 2},
    ];
    const nodes = [{...busy.nodes![0]!, workqueues}];
    const lines = panel({...busy, nodes}, 120, 4);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Kworkers   busy 2/4  freed 412k/s",
        "● node0 u17  busy 2 idle 2  CPU 38%  nr_active/max_active events_unbound 2/256 · 2 pending  async_swap_free 0/256",
        "   tlb_swap_free 0/1  works 33",
        "  busy: kworker/u17:2 kworker/u17:3",
      ]
    `);
    expect(lines.join('\n').match(/events_unbound/g)).toHaveLength(1);
    for (const l of lines) expect(l).not.toContain('…');
    expect(mergedQueues(nodes[0]!).map((q) => q.name)).toEqual(['async_swap_free', 'tlb_swap_free', 'events_unbound']);
  });

  it('packs busy kworker names when there is no room for a line each', () => {
    const lines = panel(busy, 100, 5).join('\n');
    expect(lines).toContain('busy: kworker/u17:2 kworker/u17:3');
    expect(lines).toContain('node1');
  });

  it('renders one line when the kernel lacks the patch', () => {
    expect(panel(host, 80, 5)).toEqual([' Kworkers', 'async_swap_free: patch not present on this kernel']);
  });
});

describe('memory pressure', () => {
  const panel = (s: Snapshot, width: number, rows: number, over: Partial<PressureProps> = {}) =>
    plainLines(pressureLines({psi: s.psi, memory: s.memory, psiWindow: null, psiSeconds: [], lmkd: null, nowNs: s.nowNs, width, rows, ...over}, theme));

  it('shows memory like htop’s Mem meter, free memory against the watermarks, and PSI with lmkd’s levels', () => {
    expect(panel(busy, 100, 6)).toMatchInlineSnapshot(`
      [
        " Memory pressure   used 11.9G/12.0G  PSI WARN  free 131 MB WARN",
        "Mem[██████████████████████████████████▒▒▒▒▒· 11.9G/12.0G]  █ anon+kernel 10.3G  ▒ zram 1.57G",
        "free █████│██│░░░│░░░░░░░░░░░ 131 MB WARN < low: kswapd  min 90 MB low 143 MB high 196 MB",
        "PSI some 234 ms/s full 60 ms/s (avg10) WARN lmkd: medium  avg60 9.87/2.11",
        "zram 1.57 GB (4.51 GB orig 2.9:1)  swap 4.51 GB / 6.00 GB",
      ]
    `);
  });

  it('reads PSI over lmkd’s 1 s window when the dashboard has one, with a sparkline of the last seconds', () => {
    const lines = panel(busy, 120, 6, {psiWindow: {someMs: 153, fullMs: 0}, psiSeconds: [null, null, 0, 0, 12, 153, 240, 90]});
    expect(lines[3]).toMatchInlineSnapshot(`"PSI some 153 ms/s ··▁▆█▄ full 0 ms/s WARN lmkd: medium  avg10 23.41/6.02 avg60 9.87/2.11"`);
  });

  it('shows page cache, refaults and lmkd’s last kill when the world reports them', () => {
    expect(panel(worldSnapshot, 120, 7, {lmkd: worldSnapshot.lmkd})).toMatchInlineSnapshot(`
      [
        " Memory pressure   used 9.82G/12.0G  PSI WARN  free 131 MB WARN",
        "Mem[███████████████████████████▓▓▓▓▓▓▓▒▒▒▒▒· 9.82G/12.0G]  █ anon+kernel 8.25G  ▓ cache 2.05G  ▒ zram 1.57G  free 131M",
        "free █████│██│░░░│░░░░░░░░░░░ 131 MB WARN < low: kswapd  min 90 MB low 143 MB high 196 MB",
        "PSI some 234 ms/s full 60 ms/s (avg10) WARN lmkd: medium  avg60 9.87/2.11",
        "zram 1.57 GB (4.51 GB orig 2.9:1)  swap 4.51 GB / 6.00 GB  file active/inactive 1.27G/800M  refaults 1240/s",
        "lmkd last kill LOW_MEM_AND_THRASHING discord 0.4 s ago  thrashing 34%/90%",
      ]
    `);
  });

  it('says CRIT when free memory is below min', () => {
    const lines = panel(syncSnapshot, 100, 5).join('\n');
    expect(lines).toContain('free 84 MB CRIT');
    expect(lines).toContain('< min: direct reclaim');
  });

  it('keeps the Mem meter, the free meter and PSI at 80 columns in 4 rows', () => {
    const lines = panel(busy, 80, 4);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^Mem\[/);
    expect(lines[2]).toMatch(/^free /);
    expect(lines[3]).toMatch(/^PSI some/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('reads OK on an idle host', () => {
    expect(panel(host, 100, 3)[0]).toBe(' Memory pressure   used 12.8G/31.2G  PSI OK  free 18.4 GB OK');
  });

  it('renders one line when neither PSI nor memory is available', () => {
    expect(panel({...emptySnapshot}, 80, 5)).toEqual([' Memory pressure', 'PSI and free memory: not available']);
  });
});

describe('event log', () => {
  it('shows the newest entries that fit, wrapping long ones instead of cutting them', () => {
    expect(plainLines(eventLogLines({entries: busy.log, scroll: null, width: 80, rows: 5}, theme))).toMatchInlineSnapshot(`
      [
        " Event log   newest last · ↑ PgUp scroll back",
        " 11.201 kill       lmkd: kill pid 4655 (com.facebook.katana) oom_score_adj 945,",
        "                   469 MB swapped",
        " 11.230 kill       lmkd: kill pid 4701 (com.netflix.mediaclient) oom_score_adj",
        "                   930, 344 MB swapped",
      ]
    `);
  });

  it('shows an older entry that does not fit whole as its first line, cut', () => {
    const lines = plainLines(eventLogLines({entries: busy.log, scroll: null, width: 80, rows: 4}, theme));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ 11\.201 kill {7}lmkd: kill pid 4655 .*…$/);
    expect(lines[1]!.length).toBe(80);
    expect(lines[2]).toContain('11.230 kill');
  });

  it('holds still when scrolled back and says how many newer entries it hides', () => {
    const anchorSeq = busy.log.at(-1)!.seq;
    const lines = plainLines(eventLogLines({entries: busy.log, scroll: {anchorSeq, back: 3}, width: 120, rows: 3}, theme));
    expect(lines[0]).toContain('scrolled back: 3 newer');
    expect(lines.at(-1)).toContain('11.140 kill');
  });

  it('tags each side’s entries in compare mode', () => {
    const entries = [{seq: 1, tNs: 1e9, kind: 'kill' as const, text: 'kill x', tag: 'AB'}, {seq: 2, tNs: 2e9, kind: 'flush' as const, text: 'flush y', tag: 'A'}];
    expect(plainLines(eventLogLines({entries, scroll: null, width: 80, rows: 3}, theme)).slice(1)).toEqual(['AB   1.000 kill       kill x', 'A    2.000 flush      flush y']);
  });

  it('says so when there is nothing yet', () => {
    expect(plainLines(eventLogLines({entries: [], scroll: null, width: 80, rows: 4}, theme))).toEqual([' Event log   newest last · ↑ PgUp scroll back', 'no events yet']);
  });

  it('wraps words, splitting only words longer than a line', () => {
    expect(wrapWords('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('cpus', () => {
  it('shows each CPU with its load and what runs on it, app names cut from the left', () => {
    const lines = plainLines(cpusLines({cpus: busy.cpus, foreground: busy.foreground, width: 90, rows: 5}, theme));
    expect(lines[0]).toContain('foreground com.android.camera2 launching');
    expect(lines.join('\n')).toContain('cpu1 █████░  88% kworker/u17:2');
  });
});

describe('footer', () => {
  it('lists key hints and always keeps help and quit', () => {
    const line = footerLine({supports: ALL, compare: false, notice: null, width: 80}, theme);
    expect(plainLines([line])[0]).toMatchInlineSnapshot(`"f flush  m policy  c camera  n next  a slow-mo  spc pause  ? help  q quit"`);
  });

  it('lists the keys this source serves, and the others as one remark', () => {
    const line = plainLines([footerLine({supports: new Set(['pause', 'resume']), compare: false, notice: null, width: 120}, theme)])[0]!;
    expect(line).toBe('spc pause  9 keys n/a here  ? help  q quit');
    const host = plainLines([footerLine({supports: new Set(), compare: false, notice: null, width: 120}, theme)])[0]!;
    expect(host).toBe('keys n/a here (read-only)  ? help  q quit');
    const replay = plainLines([footerLine({supports: new Set(['pause', 'resume', 'step', 'speed', 'seek', 'next-event', 'slow-motion']), compare: false, notice: null, width: 120}, theme)])[0]!;
    expect(replay).toContain('{} seek');
  });

  it('shows the status line first', () => {
    const line = plainLines([footerLine({supports: ALL, compare: false, notice: 'f: the gather list is empty (policy sync), nothing to flush', width: 120}, theme)])[0]!;
    expect(line.startsWith('f: the gather list is empty (policy sync), nothing to flush')).toBe(true);
  });
});

describe('help overlay', () => {
  it('lists every binding of the keymap, unavailable ones marked n/a, and what the levels mean', () => {
    const text = plainLines(helpLines({supports: new Set(['pause', 'resume']), compare: false, kind: 'host', width: 110, rows: 30}, theme)).join('\n');
    for (const b of KEYMAP) expect(text).toContain(b.help.slice(0, 30));
    expect(text).toMatch(/f +force a flush.*\(n\/a: host\)/);
    expect(text).not.toMatch(/space +pause \/ resume.*n\/a/);
    expect(text).toContain('PSI stall per second ≥ 70 ms (lmkd medium)');
  });

  it('fits every binding at 80×24', () => {
    const lines = plainLines(helpLines({supports: ALL, compare: false, kind: 'sim', width: 80, rows: 22}, theme));
    expect(lines.length).toBeLessThanOrEqual(22);
    for (const b of KEYMAP) expect(lines.some((l) => l.includes(b.help.slice(0, 20)))).toBe(true);
  });
});

describe('compare difference', () => {
  it('shows the exit and release latency differences and each side’s backlog', () => {
    const side = (tag: string, s: Snapshot, freedPerSec: number): Side => ({tag, policy: s.params.policy, exits: s.exits, gather: s.gather, nodes: s.nodes, freedPerSec});
    expect(plainLines(compareDiffLines({a: side('A', busy, 412_000), b: side('B', syncSnapshot, 0), width: 120, rows: 4}, theme))).toMatchInlineSnapshot(`
      [
        " Difference   A gather-oom − B sync",
        "exit  p50 226 ms vs 318 ms −92.0 ms (−29%)  p99 301 ms vs 410 ms −109 ms (−27%)  exits 10 vs 10",
        "release  p50 1480 ms vs 296 ms +1184 ms (+400%)  p99 2950 ms vs 388 ms +2562 ms (+660%)",
        "backlog  A 45.3k parked, 61 MB zram held, ≈ 110 ms to drain at 412k/s  B nothing parked: release ends with the exit",
      ]
    `);
  });
});
