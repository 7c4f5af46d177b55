import type {Thread} from '../../engine/cpu.ts';
import {NS_PER_MS, PAGE_SIZE} from '../../engine/engine.ts';
import {DOUBLE_MINUS_ONE} from '../../engine/units.ts';
import type {Rng} from '../../engine/rng.ts';
import {readFiles} from './file-io.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';

/** Threads of system services and other apps, by name; more threads reuse the names with a suffix. */
const NAMES: readonly (readonly [comm: string, nice: number])[] = [
  // Binder threads serving the top app inherit its priority; the display and camera HALs run high.
  ['system_server', -4],
  ['surfaceflinger', -10],
  ['cameraserver', -4],
  ['camera.provider', -10],
  ['com.android.systemui', 0],
  ['com.google.android.gms', 0],
  ['audioserver', -4],
  ['media.swcodec', 0],
  ['com.google.android.gms.persistent', 0],
  ['android.hardware.graphics.composer', -10],
  ['com.android.phone', 0],
  ['logd', 0],
];

/**
 * One busy/idle thread: bursts of CPU work separated by idle gaps that set its duty cycle. A burst
 * runs through the services' files (code and data: a page cache hit, or a read from storage, a
 * refault if reclaim evicted the page) and reads new data ahead (readahead: it gives up rather than
 * reclaim when memory is short), then does its CPU work.
 */
class BgThread implements Actor {
  readonly thread: Thread;
  wait: AllocWait | null = null;
  running = false;
  wakeAtNs = DOUBLE_MINUS_ONE;
  /** Between the start of a burst and the end of its CPU work (reads included). */
  busy = false;
  /** The CPU work of the current burst, run once its reads are done (one closure for all bursts). */
  private workNs = 0;
  private readonly work = (): void => this.bg.w.run(this, this.workNs);

  constructor(
    private readonly bg: Background,
    readonly index: number,
    comm: string,
    nice: number,
  ) {
    this.thread = bg.w.engine.sched.createThread('world', 0, comm, nice);
  }

  segmentDone(): void {
    this.busy = false;
    this.bg.w.sleep(this);
    this.bg.idle(this);
  }

  burst(): void {
    this.wakeAtNs = -1;
    this.busy = true;
    const w = this.bg.w;
    const bg = this.bg;
    const workNs = Math.max(1, Math.round(bg.rng.exp(bg.burstNs)));
    this.workNs = workNs;
    const ms = workNs / NS_PER_MS;
    const ahead = Math.round((ms * bg.readMBPerCpuSec * 1024 * 1024) / 1000 / PAGE_SIZE);
    if (ahead > 0 && w.mem.tryAlloc(ahead)) w.cache.add('stream', ahead, false, w.engine.nowNs);
    // A burst starts only when the last one is over (`busy`): `workNs` stays this burst's until it runs.
    readFiles(w, this, 'system', Math.round(ms * bg.touchPagesPerMs), 0, this.work);
  }
}

/**
 * System services and other apps: CPU consumers that are busy a share of the time (their duty
 * cycle), more of it while the camera launches (system_server, cameraserver, the camera HAL and
 * SurfaceFlinger all work for the launch).
 */
export class Background {
  readonly threads: BgThread[];
  boosted = false;
  readonly rng: Rng;
  /** The knobs each burst and gap reads, taken once (they do not change during a run). */
  readonly burstNs: number;
  readonly readMBPerCpuSec: number;
  readonly touchPagesPerMs: number;
  /** The mean idle gap at the base and at the launch duty cycle, ns. */
  private readonly gapNs: number;
  private readonly boostedGapNs: number;

  constructor(readonly w: AndroidWorld) {
    const k = w.k;
    this.rng = w.engine.rng.background;
    this.burstNs = k.bgBurstMs * NS_PER_MS;
    this.readMBPerCpuSec = k.bgReadMBPerCpuSec;
    this.touchPagesPerMs = k.bgFileTouchPagesPerMs;
    this.gapNs = meanGapNs(k.bgBurstMs, k.bgBaseDutyPct);
    this.boostedGapNs = meanGapNs(k.bgBurstMs, k.bgLaunchDutyPct);
    this.threads = Array.from({length: w.k.bgThreads}, (_, i) => {
      const [comm, nice] = NAMES[i % NAMES.length]!;
      return new BgThread(this, i, i < NAMES.length ? comm : `${comm}:${Math.floor(i / NAMES.length)}`, nice);
    });
  }

  start(): void {
    for (const t of this.threads) {
      this.w.attach(t);
      this.idle(t);
    }
  }

  /** The camera launch starts (or its boost ends): idle threads get going at the new duty cycle. */
  setBoost(on: boolean): void {
    if (this.boosted === on) return;
    this.boosted = on;
    if (!on) return;
    for (const t of this.threads) if (!t.busy) t.burst();
  }

  onWake(index: number): void {
    const t = this.threads[index];
    if (!t || t.busy || this.w.engine.nowNs !== t.wakeAtNs) return;
    t.burst();
  }

  idle(t: BgThread): void {
    const e = this.w.engine;
    const gapNs = Math.max(1, Math.round(this.rng.exp(this.boosted ? this.boostedGapNs : this.gapNs)));
    t.wakeAtNs = e.nowNs + gapNs;
    e.at(t.wakeAtNs, 'bg', t.index);
  }
}

/** The mean idle gap after a burst of mean `burstMs` that gives a duty cycle of `dutyPct`, ns. */
function meanGapNs(burstMs: number, dutyPct: number): number {
  const duty = Math.min(0.999, Math.max(0.001, dutyPct / 100));
  return (burstMs * NS_PER_MS * (1 - duty)) / duty;
}
