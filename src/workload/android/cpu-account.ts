import type {Thread} from '../../engine/cpu.ts';
import type {AndroidWorld} from './world.ts';
import {DOUBLE_ZERO} from '../../engine/units.ts';

/** Cumulative CPU time (ns) of each kind of consumer, and of all CPUs busy. */
export interface CpuCounters {
  readonly exitingTasks: number;
  readonly services: number;
  readonly camera: number;
  readonly kswapd: number;
  readonly lmkd: number;
  readonly kworkers: number;
  readonly busy: number;
}

export type CpuShares = Record<keyof CpuCounters | 'idle', number>;

const pct1 = (x: number): number => Math.round(x * 10) / 10;

/** CPU time so far of exiting tasks, services (other apps and the HAL included), camera, kswapd, lmkd (+ reapers), kworkers. */
export function cpuCounters(w: AndroidWorld): CpuCounters {
  const e = w.engine;
  const now = e.nowNs;
  const of = (t: Thread): number => e.sched.cpuNsOf(t, now);
  let exiting = e.doneTaskCpuNs;
  for (const p of e.liveExits()) exiting += of(p.thread);
  let services = w.otherAppCpuNs;
  for (const t of w.bg.threads) services += of(t.thread);
  for (const l of w.user.launches) services += of(l.thread);
  services += of(w.camera.hal.thread);
  let kworkers = DOUBLE_ZERO;
  for (const pool of e.wq.pools) for (const wk of pool.workers) kworkers += of(wk.thread);
  let busy = DOUBLE_ZERO;
  for (let cpu = 0; cpu < e.sched.count; cpu++) busy += e.sched.busyNs(cpu, now);
  return {
    exitingTasks: exiting,
    services,
    camera: of(w.camera.thread) + of(w.camera.initThread),
    kswapd: of(w.kswapd.thread),
    lmkd: of(w.lmkd.thread) + e.reaperCpuNs(),
    kworkers,
    busy,
  };
}

/** Shares of all CPUs' time between two counter readings `dtNs` apart, percent (plus idle). */
export function cpuShares(cpus: number, a: CpuCounters, b: CpuCounters, dtNs: number): CpuShares {
  const total = Math.max(1, dtNs * cpus);
  const out = {} as CpuShares;
  for (const key of Object.keys(a) as (keyof CpuCounters)[]) out[key] = pct1((100 * (b[key] - a[key])) / total);
  out.idle = pct1(100 - out.busy);
  return out;
}
