import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {Camera, LaunchRecord} from './camera.ts';
import {readFiles} from './file-io.ts';
import type {Budget} from './launch.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from '../../engine/units.ts';

/** 30 fps: one frame per vsync period. */
export const FRAME_PERIOD_NS = Math.round(NS_PER_S / 30);
const KB = 1024;

/**
 * The camera's preview frames, on the camera's main thread: at each vsync a frame is released; it
 * faults in new memory while the preview warms up (the app's heap grows, and the capture session's
 * buffers its request needs for the first time are allocated on its path (hal.ts): the page
 * allocator, so below the min watermark a direct reclaim stall), touches the camera's
 * code and models (a refault if reclaim evicted them: a memory stall in I/O), then does its CPU
 * work. A frame done after its deadline (the next vsync) is late, and every further vsync it
 * overran is a dropped frame, late too. Each late frame is put down to what its thread waited for
 * longer: memory (allocation stalls and refault reads) or a CPU (runnable but not running).
 */
export class CameraFrames implements Actor {
  readonly thread;
  wait: AllocWait | null = null;
  running = false;
  frames = 0;
  framesLate = 0;
  lateForCpu = 0;
  lateForMemory = 0;
  private rec: LaunchRecord | null = null;
  private budget: Budget | null = null;
  private warmEndNs = DOUBLE_ZERO;
  /** HAL session buffers a warm-up frame's request allocates, pages. */
  private halPerFrame = 0;
  private endNs = DOUBLE_ZERO;
  private nextVsyncNs = DOUBLE_MINUS_ONE;
  /** The frame in flight: its release (vsync), memory stall so far, start of its CPU work. */
  private releaseNs = DOUBLE_ZERO;
  private memNs = DOUBLE_ZERO;
  private cpuStartNs = DOUBLE_ZERO;
  private cpuAtStart = DOUBLE_ZERO;
  private busy = false;

  constructor(
    private readonly w: AndroidWorld,
    private readonly camera: Camera,
  ) {
    this.thread = camera.thread;
  }

  /**
   * The first frame is shown: the preview runs until `endNs`, warming up (allocating from `budget`)
   * until `warmEndNs`; the HAL's session buffers are spread over the frames of the warm-up.
   */
  start(rec: LaunchRecord, budget: Budget, warmEndNs: number, endNs: number): void {
    this.rec = rec;
    this.budget = budget;
    this.warmEndNs = warmEndNs;
    const warmFrames = Math.max(1, Math.round((warmEndNs - this.w.engine.nowNs) / FRAME_PERIOD_NS));
    this.halPerFrame = Math.ceil(this.camera.hal.lazyPages / warmFrames);
    this.endNs = endNs;
    this.w.attach(this);
    this.nextVsyncNs = this.w.engine.nowNs;
    this.onVsync();
  }

  /** The preview closes (or the camera dies): no more frames. */
  stop(): void {
    this.nextVsyncNs = -1;
    this.rec = null;
    this.busy = false;
    this.w.mem.cancel(this);
    this.w.io.cancel(this);
    this.w.sleep(this);
  }

  /** A vsync: release the next frame. */
  onVsync(): void {
    const e = this.w.engine;
    if (this.camera.state !== 'preview' || e.nowNs !== this.nextVsyncNs || this.busy) return;
    this.nextVsyncNs = -1;
    this.busy = true;
    this.releaseNs = e.nowNs;
    this.memNs = 0;
    const k = this.w.k;
    const left = this.budget?.left ?? 0;
    const app = e.nowNs < this.warmEndNs ? Math.min(left, Math.round((k.cameraFrameAllocMB * KB * KB) / PAGE_SIZE)) : 0;
    // The capture session's buffers a request needs for the first time are allocated on its path.
    const hal = Math.min(this.camera.hal.lazyPages, this.halPerFrame);
    const pages = app + hal;
    if (pages <= 0) {
      this.touchFiles(0);
      return;
    }
    const t0 = e.nowNs;
    if (this.w.mem.alloc(this, pages, () => this.allocated(app, hal, e.nowNs - t0))) this.allocated(app, hal, 0);
  }

  /** The frame's CPU work is done. */
  segmentDone(): void {
    const w = this.w;
    const e = w.engine;
    const rec = this.rec;
    this.busy = false;
    w.sleep(this);
    if (!rec) return;
    const cpuWaitNs = e.nowNs - this.cpuStartNs - (e.sched.cpuNsOf(this.thread, e.nowNs) - this.cpuAtStart);
    // The next frame starts at the first vsync at or after now. A late frame already janked the
    // vsync at its deadline; every further vsync it overran is a dropped frame (late too).
    const j = Math.max(1, Math.ceil((e.nowNs - this.releaseNs) / FRAME_PERIOD_NS));
    const late = e.nowNs > this.releaseNs + FRAME_PERIOD_NS ? j - 1 : 0;
    this.count(rec, 1 + Math.max(0, j - 2), late, this.memNs >= cpuWaitNs);
    this.schedule(this.releaseNs + j * FRAME_PERIOD_NS);
  }

  private allocated(app: number, hal: number, stallNs: number): void {
    if (!this.busy) return;
    this.memNs += stallNs;
    this.budget?.take(app);
    this.camera.hal.takeLazy(hal);
    this.touchFiles(app + hal);
  }

  private touchFiles(faultPages: number): void {
    const w = this.w;
    const pages = Math.round((w.k.cameraFrameFileKB * KB) / PAGE_SIZE);
    readFiles(w, this, 'camera', pages, 0, (cost) => {
      if (!this.busy) return;
      this.memNs += cost.memStallNs;
      const e = w.engine;
      this.cpuStartNs = e.nowNs;
      this.cpuAtStart = e.sched.cpuNsOf(this.thread, e.nowNs);
      w.run(this, w.k.cameraFrameCpuMs * NS_PER_MS + faultPages * w.k.faultNsPerPage);
    });
  }

  private count(rec: LaunchRecord, frames: number, late: number, forMemory: boolean): void {
    this.frames += frames;
    rec.frames += frames;
    if (late <= 0) return;
    this.framesLate += late;
    if (forMemory) {
      this.lateForMemory += late;
      rec.lateForMemory += late;
    } else {
      this.lateForCpu += late;
      rec.lateForCpu += late;
    }
  }

  private schedule(tNs: number): void {
    if (this.camera.state !== 'preview' || tNs >= this.endNs) return;
    this.nextVsyncNs = tNs;
    this.w.engine.at(tNs, 'cam-vsync');
  }
}
