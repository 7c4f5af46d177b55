import type {Thread} from '../engine/cpu.ts';
import type {Engine, Proc, Workload} from '../engine/engine.ts';
import {DOUBLE_MINUS_ONE} from '../engine/units.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../engine/engine.ts';

export interface NumaServerKnobs {
  /** Batch jobs running on each node (pinned to the node's CPUs). */
  readonly jobsPerNode: number;
  readonly jobSwapMBMin: number;
  readonly jobSwapMBMax: number;
  readonly jobRssMBMin: number;
  readonly jobRssMBMax: number;
  readonly meanRunEntries: number;
  /** Time between waves of jobs finishing, s (uniform). */
  readonly waveSecMin: number;
  readonly waveSecMax: number;
  /** Jobs that finish in one wave. */
  readonly waveJobs: number;
  /** Share of a wave's jobs that run on node 0, percent (the rest on node 1). */
  readonly node0Pct: number;
  /** Background threads per node (other services), and their duty cycle. */
  readonly bgThreadsPerNode: number;
  readonly bgDutyPct: number;
  readonly bgBurstMs: number;
}

const MB = 1024 * 1024;

interface Job {
  readonly node: number;
  proc: Proc;
}

interface BgThread {
  readonly thread: Thread;
  wakeAtNs: number;
}

/**
 * A two-socket server running batch jobs whose memory was partly swapped to zram earlier: jobs
 * finish in waves (exit_group, so the exiting task is dying and gathers), mostly on node 0, and a
 * replacement starts on the same node. A job's zap queues release works on the pool of the node it
 * runs on, so node 0's kworkers do most of the freeing.
 */
export function numaServer(k: NumaServerKnobs): Workload {
  const jobs: Job[] = [];
  const bg: BgThread[] = [];
  const nodeCpus: number[][] = [];
  const exitsByNode: number[] = [];
  let spawned = 0;
  const pages = (mb: number): number => Math.round((mb * MB) / PAGE_SIZE);

  const spawnJob = (engine: Engine, node: number): Job => {
    const rng = engine.rng.apps;
    const rss = pages(rng.between(k.jobRssMBMin, k.jobRssMBMax));
    const swap = pages(rng.between(k.jobSwapMBMin, k.jobSwapMBMax));
    // A job's memory went to swap only as far as swap had room (entries of jobs that exited may
    // still hold it, parked); the rest stayed resident, as far as RAM has room above min.
    const swapped = Math.max(0, Math.min(swap, engine.swapTotalPages - engine.zramPages));
    const room = engine.freePages - engine.minPages - Math.ceil(swapped / engine.device.zramRatio);
    const resident = Math.max(0, Math.min(rss + swap - swapped, room));
    const proc = engine.spawn({
      comm: `job-n${node}-${spawned++}`,
      oomScoreAdj: 0,
      presentPages: resident,
      swapEntries: swapped,
      meanRunEntries: k.meanRunEntries,
      allowed: nodeCpus[node]!,
    });
    const job = {node, proc};
    jobs.push(job);
    return job;
  };

  const idle = (engine: Engine, i: number): void => {
    const t = bg[i]!;
    const duty = Math.min(0.999, Math.max(0.001, k.bgDutyPct / 100));
    t.wakeAtNs = engine.nowNs + Math.max(1, Math.round(engine.rng.background.exp((k.bgBurstMs * NS_PER_MS * (1 - duty)) / duty)));
    engine.at(t.wakeAtNs, 'bg', i);
  };

  const wave = (engine: Engine): void => {
    const rng = engine.rng.kills;
    for (let n = 0; n < k.waveJobs; n++) {
      const node = nodeCpus.length > 1 && !rng.chance(k.node0Pct / 100) ? 1 : 0;
      const alive = jobs.filter((j) => j.node === node && j.proc.state === 'alive');
      if (alive.length === 0) continue;
      const job = alive[rng.int(0, alive.length - 1)]!;
      // Spread the wave over half a second.
      engine.scheduleKill(engine.nowNs + Math.round(rng.float() * 500 * NS_PER_MS), job.proc.pid, 'exit_group');
    }
    engine.at(engine.nowNs + Math.round(rng.between(k.waveSecMin, Math.max(k.waveSecMin, k.waveSecMax)) * NS_PER_S), 'wave');
  };

  return {
    name: 'numa-server',
    init(engine: Engine): void {
      // zram's compressed pool lives in RAM: free memory is net of it.
      engine.zramChargesRam = true;
      for (let cpu = 0; cpu < engine.sched.count; cpu++) {
        const node = engine.sched.nodeOf(cpu);
        (nodeCpus[node] ??= []).push(cpu);
      }
      for (let node = 0; node < nodeCpus.length; node++) {
        exitsByNode.push(0);
        for (let j = 0; j < k.jobsPerNode; j++) spawnJob(engine, node);
        for (let j = 0; j < k.bgThreadsPerNode; j++) {
          const thread = engine.sched.createThread('world', bg.length, `svc-n${node}-${j}`, 0, nodeCpus[node]!);
          bg.push({thread, wakeAtNs: DOUBLE_MINUS_ONE});
          idle(engine, bg.length - 1);
        }
      }
      engine.at(NS_PER_S, 'wave');
    },
    onEvent(engine: Engine, tag: string, a: number): void {
      if (tag === 'wave') wave(engine);
      else if (tag === 'bg') {
        const t = bg[a];
        if (!t || engine.nowNs !== t.wakeAtNs) return;
        t.wakeAtNs = -1;
        engine.sched.run(t.thread, engine.nowNs, Math.max(1, Math.round(engine.rng.background.exp(k.bgBurstMs * NS_PER_MS))));
      } else if (tag === 'respawn') spawnJob(engine, a);
    },
    onThreadDone(engine: Engine, thread: Thread): void {
      engine.sched.sleep(thread, engine.nowNs);
      idle(engine, thread.owner);
    },
    onProcDone(engine: Engine, proc: Proc): void {
      const job = jobs.find((j) => j.proc === proc);
      if (!job) return;
      exitsByNode[job.node] = (exitsByNode[job.node] ?? 0) + 1;
      jobs.splice(jobs.indexOf(job), 1);
      // The batch scheduler starts the next job on the freed node a little later.
      engine.at(engine.nowNs + 200 * NS_PER_MS, 'respawn', job.node);
    },
    summary(engine: Engine): Readonly<Record<string, unknown>> {
      return {
        numa: {
          exitsByNode: [...exitsByNode],
          entriesFreedByNode: engine.wq.pools.map((p) => p.entriesFreed),
          kworkersByNode: engine.wq.pools.map((p) => p.workers.length),
        },
      };
    },
  };
}
