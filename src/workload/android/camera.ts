import type {Thread} from '../../engine/cpu.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {App} from './apps.ts';
import {CameraHal} from './hal.ts';
import {Launch, appBudget} from './launch.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld, CpuCounters} from './world.ts';

/** 30 fps: one frame per vsync period. */
export const FRAME_PERIOD_NS = Math.round(NS_PER_S / 30);
const MB = 1024 * 1024;

/** One cold launch, for the summary. */
export interface LaunchRecord {
  readonly startNs: number;
  readonly allocMB: number;
  firstFrameNs: number;
  /** CPU share of each consumer over launch → first frame, percent of all CPUs' time. */
  cpuPct: Readonly<Record<keyof CpuCounters, number>> | null;
}

/**
 * The camera: a cold launch allocates several hundred MB and needs CPU on the big cores (its thread
 * runs at nice −10, top-app) until its first frame; its HAL allocates its stream buffers meanwhile.
 * Then a 30 fps preview in which every frame is one segment of CPU work that should finish before
 * the next vsync, while the app finishes its start-up on a second thread and the HAL sets up the
 * capture session: the launch's memory demand goes on into the preview. Launch time is launch →
 * first frame; a frame finishing after its deadline, or a vsync with no frame at all, is late.
 */
export class Camera implements Actor {
  readonly thread: Thread;
  /** The app's thread that finishes its start-up while the preview runs (deferred initialisation). */
  readonly initThread: Thread;
  wait: AllocWait | null = null;
  running = false;
  state: 'idle' | 'launching' | 'preview' = 'idle';
  readonly launches: LaunchRecord[] = [];
  /** The camera HAL: its buffers for the launch and the preview. */
  readonly hal: CameraHal;
  frames = 0;
  framesLate = 0;
  private launch: Launch | null = null;
  /** What the launch leaves for after the first frame. */
  private deferred: Launch | null = null;
  private deferredCpuNs = 0;
  private startCounters: CpuCounters | null = null;
  private frameReleaseNs = 0;
  private previewEndNs = 0;
  private nextVsyncNs = -1;
  /** The app the user came from: back to it when the preview closes. */
  private returnTo: App | null = null;

  constructor(
    private readonly w: AndroidWorld,
    readonly app: App,
  ) {
    this.thread = w.engine.sched.createThread('world', 0, 'GoogleCamera', -10, w.bigCpus);
    this.initThread = w.engine.sched.createThread('world', 0, 'CameraInit', 0);
    this.hal = new CameraHal(w);
  }

  get active(): boolean {
    return this.state !== 'idle';
  }

  get lastLaunchMs(): number | null {
    for (let i = this.launches.length - 1; i >= 0; i--) {
      const l = this.launches[i]!;
      if (l.firstFrameNs >= 0) return (l.firstFrameNs - l.startNs) / NS_PER_MS;
    }
    return null;
  }

  /** Cold-launch the camera now; false if it is already up. */
  start(): boolean {
    if (this.active) return false;
    const w = this.w;
    const e = w.engine;
    const k = w.k;
    const rng = e.rng.camera;
    const allocMB = rng.between(k.cameraAllocMBMin, k.cameraAllocMBMax);
    const pages = Math.round((allocMB * MB) / PAGE_SIZE);
    this.returnTo = w.fg;
    w.coldSpawn(this.app, pages, 0);
    w.setForeground(this.app);
    this.state = 'launching';
    this.launches.push({startNs: e.nowNs, allocMB: Math.round(allocMB), firstFrameNs: -1, cpuPct: null});
    this.startCounters = w.cpuCounters();
    // The HAL allocates its stream buffers once the camera is open and its streams configured.
    this.hal.allocate(Math.round((k.cameraHalAllocMB * MB) / PAGE_SIZE), k.cameraHalAllocMs * NS_PER_MS, k.cameraHalOpenMs * NS_PER_MS);
    w.bg.setBoost(true);
    e.log('launch', `camera cold launch: ${this.app.name} allocates ${Math.round(allocMB)} MB`);
    // The first frame needs cameraFirstFramePct of the launch's memory and CPU work; the rest is
    // deferred to a thread that finishes the start-up while the preview runs.
    const share = Math.min(100, Math.max(1, k.cameraFirstFramePct)) / 100;
    const cpuNs = k.cameraLaunchCpuMs * NS_PER_MS;
    this.deferredCpuNs = cpuNs * (1 - share);
    this.launch = new Launch(w, this.thread, this.app, cpuNs * share, k.cameraAllocMs * NS_PER_MS, () => this.firstFrame(), appBudget(this.app, Math.round(pages * share)));
    this.launch.start();
    return true;
  }

  /** The camera process was killed (it was chosen as a victim): the session ends here. */
  onKilled(): void {
    if (this.launch) this.launch.abort();
    this.launch = null;
    if (this.deferred) this.deferred.abort();
    this.deferred = null;
    if (this.state === 'preview') this.w.sleep(this);
    if (this.active) this.w.engine.log('launch', `camera killed while ${this.state}`);
    this.state = 'idle';
    this.w.bg.setBoost(false);
    this.hal.free();
  }

  segmentDone(): void {
    const e = this.w.engine;
    this.frames++;
    if (e.nowNs > this.frameReleaseNs + FRAME_PERIOD_NS) this.framesLate++;
    // The next frame starts at the first vsync at or after now. A late frame already janked the
    // vsync at its deadline; every further vsync it overran is a dropped frame (late too).
    const j = Math.max(1, Math.ceil((e.nowNs - this.frameReleaseNs) / FRAME_PERIOD_NS));
    const dropped = Math.max(0, j - 2);
    this.frames += dropped;
    this.framesLate += dropped;
    this.w.sleep(this);
    this.scheduleFrame(this.frameReleaseNs + j * FRAME_PERIOD_NS);
  }

  /** A vsync: render the frame released now. */
  onVsync(): void {
    if (this.state !== 'preview' || this.w.engine.nowNs !== this.nextVsyncNs) return;
    this.nextVsyncNs = -1;
    this.frameReleaseNs = this.w.engine.nowNs;
    this.w.run(this, this.w.k.cameraFrameCpuMs * NS_PER_MS);
  }

  /** The user leaves the camera: back to the app before it; the camera is swiped from recents. */
  onPreviewEnd(): void {
    if (this.state !== 'preview') return;
    const e = this.w.engine;
    this.state = 'idle';
    this.w.sleep(this);
    this.nextVsyncNs = -1;
    const back = this.returnTo && this.returnTo.proc ? this.returnTo : null;
    if (back) this.w.setForeground(back);
    this.hal.free();
    e.at(e.nowNs + NS_PER_S, 'cam-close');
  }

  /** Swiped from recents: ActivityManager kills the camera process (a cold launch next time). */
  onClose(): void {
    const app = this.app;
    if (this.active || !app.proc || app.proc.state !== 'alive') return;
    const pid = app.proc.pid;
    this.w.prepareKill(app, false);
    this.w.engine.kill(pid, 'removed from recents');
  }

  private firstFrame(): void {
    const w = this.w;
    const e = w.engine;
    const k = w.k;
    this.launch = null;
    const rec = this.launches[this.launches.length - 1]!;
    rec.firstFrameNs = e.nowNs;
    rec.cpuPct = w.cpuShares(this.startCounters!, w.cpuCounters(), e.nowNs - rec.startNs);
    const ms = (e.nowNs - rec.startNs) / NS_PER_MS;
    e.log('launch', `camera first frame after ${ms.toFixed(0)} ms`);
    this.state = 'preview';
    this.w.attach(this);
    // The app finishes its start-up and the HAL sets up the capture session while the preview runs.
    const previewNs = k.cameraPreviewAllocMs * NS_PER_MS;
    if (this.app.unallocated > 0 || this.deferredCpuNs > 0) {
      const deferred = new Launch(w, this.initThread, this.app, this.deferredCpuNs, previewNs, () => {
        if (this.deferred === deferred) this.deferred = null;
      });
      this.deferred = deferred;
      deferred.start();
    }
    this.hal.allocate(Math.round((k.cameraPreviewAllocMB * MB) / PAGE_SIZE), previewNs);
    e.at(e.nowNs + k.bgBoostTailMs * NS_PER_MS, 'bg-boost-end');
    this.previewEndNs = e.nowNs + Math.round(e.rng.camera.between(k.previewSecMin, k.previewSecMax) * NS_PER_S);
    e.at(this.previewEndNs, 'cam-end');
    this.frameReleaseNs = e.nowNs;
    this.nextVsyncNs = e.nowNs;
    this.onVsync();
  }

  private scheduleFrame(tNs: number): void {
    if (this.state !== 'preview' || tNs >= this.previewEndNs) return;
    this.nextVsyncNs = tNs;
    this.w.engine.at(tNs, 'cam-vsync');
  }
}
