import React from 'react';
import {describe, expect, it} from 'vitest';
import {CompareDiff} from '../../components/compare-diff.tsx';
import {Cpus} from '../../components/cpus.tsx';
import {EventLog} from '../../components/event-log.tsx';
import {ExitingTasks} from '../../components/exiting-tasks.tsx';
import {Footer} from '../../components/footer.tsx';
import {GatherCache} from '../../components/gather-cache.tsx';
import {Header} from '../../components/header.tsx';
import {HelpOverlay} from '../../components/help-overlay.tsx';
import {KEYMAP} from '../../components/keymap.ts';
import {Kworkers} from '../../components/kworkers.tsx';
import {Pressure} from '../../components/pressure.tsx';
import type {Snapshot} from '../../src/engine/snapshot.ts';
import type {CommandType} from '../../src/sources/source.ts';
import {busySnapshot as busy, emptySnapshot, hostSnapshot as host, syncSnapshot} from '../fixtures/snapshots.ts';
import {renderPanel} from './render.tsx';

const ALL: ReadonlySet<CommandType> = new Set(['flush', 'set-param', 'set-policy', 'camera-launch', 'pause', 'resume', 'step', 'speed', 'restart']);

const header = (s: Snapshot, width: number, paused = false) =>
  renderPanel(<Header source={s.source} scenario={s.scenario} device={s.device} seed={s.seed} nowNs={s.nowNs} params={s.params} paused={paused} speed={1} note={null} width={width} rows={2} />);

describe('Header', () => {
  it('names scenario, device, policy, seed, clock, speed and run state', () => {
    expect(header(busy, 120)).toMatchInlineSnapshot(`
      [
        "aswap sim  camera-burst  on phone-8c-12g  policy gather-oom  seed 1  t 0:11.245  1×  running",
        "max_cache_entries 32  max_active 0 (=256)  MIN_EXITING_TASKS_THRESHOLD 1  MM_SWAPENTS ≥ 3200",
      ]
    `);
  });

  it('keeps policy, clock and state at 80 columns, and shows a pause', () => {
    const [line] = header(busy, 80, true);
    expect(line).toContain('policy gather-oom');
    expect(line).toContain('t 0:11.245');
    expect(line).toContain('PAUSED');
    expect(line!.length).toBeLessThanOrEqual(80);
  });
});

describe('ExitingTasks', () => {
  it('shows exiting_tasks, exit percentiles and the tasks in do_exit', () => {
    const lines = renderPanel(<ExitingTasks exitingTasks={busy.exitingTasks} tasks={busy.tasks} exits={busy.exits} width={120} rows={10} animate={false} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Exiting tasks   exiting_tasks 6  exit p50 226 ms  p99 301 ms  killed 16  exited 10  recent ▆▆▅▇▆▆▆█▆▆",
        "    pid  app                         oom_score_adj  state         cpu  MM_SWAPENTS  freed sync  gathered   ms",
        " ● 4312  com.spotify.music                     999  do_exit+reap    2        18.2k       21.0k     65.7k  433",
        " ● 4480  com.instagram.android                 985  do_exit         5        41.0k        9600     45.4k  255",
        "   4521  com.google.android.youtube            975  do_exit+reap    -        90.1k        4096     36.9k  195",
        " ● 4602  com.whatsapp                          960  do_exit         6        60.0k         536      5000  105",
        "   4655  com.facebook.katana                   945  killed          -         120k           0         0   44",
        "   4701  com.netflix.mediaclient               930  killed          -        88.0k           0         0   15",
      ]
    `);
  });

  it('drops columns and cuts app names to fit 80 columns, and says how many tasks it hides', () => {
    const lines = renderPanel(<ExitingTasks exitingTasks={busy.exitingTasks} tasks={busy.tasks} exits={busy.exits} width={80} rows={6} animate={false} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Exiting tasks   exiting_tasks 6  exit p50 226 ms  p99 301 ms  killed 16",
        "    pid  app              oom_score_adj  MM_SWAPENTS  freed sync  gathered   ms",
        " ● 4312  com.spotify.mu…            999        18.2k       21.0k     65.7k  433",
        " ● 4480  com.instagram.…            985        41.0k        9600     45.4k  255",
        "   4521  com.google.and…            975        90.1k        4096     36.9k  195",
        "… 3 more",
      ]
    `);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('marks running tasks with a spinner while the clock runs', () => {
    const lines = renderPanel(<ExitingTasks exitingTasks={busy.exitingTasks} tasks={busy.tasks} exits={busy.exits} width={120} rows={10} />);
    const spotify = lines.find((l) => l.includes('com.spotify.music'))!;
    expect(spotify.trim()[0]).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(lines.find((l) => l.includes('com.facebook.katana'))!.trim().startsWith('4655')).toBe(true);
  });

  it('renders one line, not zeros, when the kernel lacks the patch', () => {
    const lines = renderPanel(<ExitingTasks exitingTasks={host.exitingTasks} tasks={host.tasks} exits={host.exits} width={80} rows={8} />);
    expect(lines).toEqual([' Exiting tasks', 'exiting_tasks: patch not present on this kernel']);
  });
});

describe('GatherCache', () => {
  it('shows cache_counts against max_cache_entries, flushes by kind, works, what is parked and a minute of history', () => {
    const lines = renderPanel(<GatherCache gather={busy.gather} width={80} rows={5} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Gather cache   cache_counts █████████████████░░░░░░░ 23/32",
        "flushes threshold 12 · OOM 3 · manual 1  works queued 41 · empty 9",
        "async_swap_count 1184  parked 45.3k entries · 61 MB zram held",
        "alloc failures node 2 · work 0",
        "last 60 s ··············································▁▂▄█▆▄▂▅▆▄▄▅▆▃ peak 58",
      ]
    `);
  });

  it('renders one line when the kernel lacks the patch', () => {
    expect(renderPanel(<GatherCache gather={null} width={80} rows={5} />)).toEqual([' Gather cache', 'cache_counts: patch not present on this kernel']);
  });
});

describe('Kworkers', () => {
  it('shows each node with nr_active/max_active and each busy kworker by its kernel name', () => {
    const lines = renderPanel(<Kworkers nodes={busy.nodes} width={100} rows={7} animate={false} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Kworkers   async_swap_free busy 2/6  freed 412k/s",
        "● node0 u17  nr_active/max_active 2/128 · 1 pending  busy 2 idle 2  CPU 38%  freed 412k/s  works 33",
        "  ● kworker/u17:2  on CPU 1  works 9  freed 48.1k  runtime 53 ms",
        "  ● kworker/u17:3  on CPU 3  works 7  freed 30.7k  runtime 34 ms",
        "  node1 u18  nr_active/max_active 0/128  busy 0 idle 2  CPU 0%  freed 0/s  works 8",
        "  idle: kworker/u18:1 kworker/u18:4",
      ]
    `);
  });

  it('packs busy kworker names when there is no room for a line each', () => {
    const lines = renderPanel(<Kworkers nodes={busy.nodes} width={100} rows={5} animate={false} />).join('\n');
    expect(lines).toContain('busy: kworker/u17:2 kworker/u17:3');
    expect(lines).toContain('node1');
  });

  it('renders one line when the kernel lacks the patch', () => {
    expect(renderPanel(<Kworkers nodes={null} width={80} rows={5} />)).toEqual([' Kworkers', 'async_swap_free: patch not present on this kernel']);
  });
});

describe('Pressure', () => {
  it('shows PSI some/full, free memory against the watermarks and zram, with text level markers', () => {
    const lines = renderPanel(<Pressure psi={busy.psi} memory={busy.memory} width={100} rows={5} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Memory pressure   PSI WARN  free 131 MB WARN",
        "some avg10 23.41 avg60  9.87 avg300  2.35 WARN   full avg10  6.02 avg60  2.11 avg300  0.48 WARN",
        "free ███│█│░░│░░░░░░░ 131 MB (min 90 MB low 143 MB high 196 MB) WARN",
        "zram 1.57 GB (4.51 GB orig 2.9:1)   swap 4.51 GB / 6.00 GB",
      ]
    `);
  });

  it('says CRIT when free memory is below min and PSI some avg10 is at 40 or more', () => {
    const lines = renderPanel(<Pressure psi={syncSnapshot.psi} memory={syncSnapshot.memory} width={100} rows={5} />).join('\n');
    expect(lines).toContain('PSI CRIT');
    expect(lines).toContain('free 84 MB CRIT');
    expect(lines).toMatch(/some avg10 41\.20 .* CRIT/);
    expect(lines).toMatch(/full avg10 12\.50 .* WARN/);
  });

  it('reads OK on an idle host', () => {
    expect(renderPanel(<Pressure psi={host.psi} memory={host.memory} width={100} rows={3} />)[0]).toBe(' Memory pressure   PSI OK  free 18.4 GB OK');
  });

  it('renders one line when neither PSI nor memory is available', () => {
    expect(renderPanel(<Pressure psi={null} memory={null} width={80} rows={5} />)).toEqual([' Memory pressure', 'PSI and free memory: not available']);
  });
});

describe('EventLog', () => {
  it('shows the newest entries that fit, newest at the bottom', () => {
    expect(renderPanel(<EventLog log={busy.log} width={100} rows={4} />)).toMatchInlineSnapshot(`
      [
        " Event log   newest last",
        " 11.180 flush      async_release_func: 64 nodes, 21,504 entries freed on kworker/u17:2",
        " 11.201 kill       lmkd: kill pid 4655 (com.facebook.katana) oom_score_adj 945, 469 MB swapped",
        " 11.230 kill       lmkd: kill pid 4701 (com.netflix.mediaclient) oom_score_adj 930, 344 MB swapped",
      ]
    `);
  });

  it('says so when there is nothing yet', () => {
    expect(renderPanel(<EventLog log={emptySnapshot.log} width={80} rows={4} />)).toEqual([' Event log   newest last', 'no events yet']);
  });
});

describe('Cpus', () => {
  it('shows each CPU with its load and what runs on it', () => {
    const lines = renderPanel(<Cpus cpus={busy.cpus} foreground={busy.foreground} width={90} rows={5} />);
    expect(lines[0]).toContain('foreground com.android.camera2 launching');
    expect(lines.join('\n')).toContain('cpu1 █████░  88% kworker/u17:2');
  });
});

describe('Footer', () => {
  it('lists key hints and always keeps help and quit', () => {
    const [line] = renderPanel(<Footer supports={ALL} compare={false} notice={null} width={80} />);
    expect(line).toMatch(/^f flush {2}\+- max_cache/);
    expect(line).toMatch(/\? help {2}q quit$/);
  });

  it('marks keys the source cannot serve as n/a', () => {
    const [line] = renderPanel(<Footer supports={new Set()} compare={false} notice={null} width={120} />);
    expect(line).toContain('f n/a');
    expect(line).toContain('space n/a');
    expect(line).toContain('? help');
  });

  it('shows why the last key did nothing first', () => {
    const [line] = renderPanel(<Footer supports={ALL} compare={false} notice="max_active is at its limit (512)" width={120} />);
    expect(line!.startsWith('max_active is at its limit (512)')).toBe(true);
  });
});

describe('HelpOverlay', () => {
  it('lists every binding of the keymap, unavailable ones marked n/a', () => {
    const text = renderPanel(<HelpOverlay supports={new Set(['pause', 'resume'])} compare={false} kind="host" width={110} rows={22} />).join('\n');
    for (const b of KEYMAP) expect(text).toContain(b.help.slice(0, 30));
    expect(text).toMatch(/f +force a flush.*n\/a on the host source/);
    expect(text).not.toMatch(/space +pause \/ resume.*n\/a/);
    expect(text).toContain('PSI some avg10 ≥ 10 / ≥ 40');
  });
});

describe('CompareDiff', () => {
  it('shows the exit and release latency differences and each side’s backlog', () => {
    const side = (tag: string, s: Snapshot) => ({tag, policy: s.params.policy, exits: s.exits, gather: s.gather, nodes: s.nodes});
    const lines = renderPanel(<CompareDiff a={side('A', busy)} b={side('B', syncSnapshot)} width={120} rows={4} />);
    expect(lines).toMatchInlineSnapshot(`
      [
        " Difference   A gather-oom − B sync",
        "exit  p50 226 ms vs 318 ms −92.0 ms (−29%)  p99 301 ms vs 410 ms −109 ms (−27%)  exits 10 vs 10",
        "release  p50 1480 ms vs 296 ms +1184 ms (+400%)  p99 2950 ms vs 388 ms +2562 ms (+660%)",
        "backlog  A 45.3k parked, 61 MB zram held, ≈ 110 ms to drain at 412k/s  B nothing parked: release ends with the exit",
      ]
    `);
  });
});
