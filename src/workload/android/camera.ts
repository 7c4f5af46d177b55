import {coldSpawn, prepareKill, setForeground} from './app-states.ts';
import type {Thread} from '../../engine/cpu.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {App} from './apps.ts';
import {cpuCounters, cpuShares, type CpuCounters} from './cpu-account.ts';
import {CameraFrames} from './frames.ts';
import {CameraHal} from './hal.ts';
import {Launch, appBudget, type LaunchFiles} from './launch.ts';
import {follow, newProbe, type FreeProbe, type LaunchRecord} from './launch-record.ts';
import type {AndroidWorld} from './world.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from '../../engine/units.ts';

export type {LaunchRecord} from './launch-record.ts';

const MB = 1024 * 1024;
/** Free memory is followed over this much of the preview's start. */
export const PREVIEW_FREE_WINDOW_NS = 500 * NS_PER_MS;
/** CPU load is sampled in bins of this length over a launch window (launch → first frame + 1 s). */
export const CPU_BIN_NS = 100 * NS_PER_MS;
export const LAUNCH_WINDOW_TAIL_NS = NS_PER_S;

/**
 * The camera: a cold launch allocates several hundred MB and reads its files (code, libraries,
 * tuning data, models: page cache hits, or reads from storage) on the big cores at nice −10 until
 * its first frame, which ends the launch (as Android measures it) and also waits for the HAL's
 * stream buffers (configure_streams). Then a 30 fps preview (frames.ts) while the app finishes its
 * start-up on a second thread and the first frames' requests allocate the capture session's
 * buffers: the launch's memory demand goes on into the preview. When the preview closes the user goes back and the camera is swiped from recents.
 */
export class Camera {
  readonly thread: Thread;
  /** The app's thread that finishes its start-up while the preview runs (deferred initialisation). */
  readonly initThread: Thread;
  state: 'idle' | 'launching' | 'preview' = 'idle';
  readonly launches: LaunchRecord[] = [];
  /** The camera HAL: its buffers for the launch and the preview. */
  readonly hal: CameraHal;
  readonly frames: CameraFrames;
  private launch: Launch | null = null;
  /** The app's part of the launch is done (the first frame may still wait for the HAL). */
  private appReady = false;
  /** What the launch leaves for after the first frame. */
  private deferred: Launch | null = null;
  private deferredCpuNs = DOUBLE_ZERO;
  private files: LaunchFiles | null = null;
  private startCounters: CpuCounters | null = null;
  /** CPU counters and time at lmkd's first kill of this launch (before its first frame). */
  private wave: {counters: CpuCounters; atNs: number} | null = null;
  /** CPU sampling over the launch window: the last reading, and when the window ends. */
  private binCounters: CpuCounters | null = null;
  private windowEndNs = DOUBLE_MINUS_ONE;
  /** Free memory over the first 500 ms of preview: last value and time, running min and integral. */
  private probe: FreeProbe | null = null;
  /** Free memory over launch → first frame (ends at the first frame). */
  private launchProbe: FreeProbe | null = null;
  /** The app the user came from: back to it when the preview closes. */
  private returnTo: App | null = null;

  constructor(
    private readonly w: AndroidWorld,
    readonly app: App,
  ) {
    this.thread = w.engine.sched.createThread('world', 0, 'GoogleCamera', -10, w.bigCpus);
    this.initThread = w.engine.sched.createThread('world', 0, 'CameraInit', 0);
    this.hal = new CameraHal(w);
    this.frames = new CameraFrames(w, this);
  }

  get active(): boolean {
    return this.state !== 'idle';
  }

  get current(): LaunchRecord | null {
    return this.launches.at(-1) ?? null;
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
    const allocMB = e.rng.camera.between(k.cameraAllocMBMin, k.cameraAllocMBMax);
    const pages = Math.round((allocMB * MB) / PAGE_SIZE);
    this.returnTo = w.fg;
    coldSpawn(w, this.app, pages, 0);
    setForeground(w, this.app);
    this.state = 'launching';
    this.launches.push({
      startNs: e.nowNs,
      allocMB: Math.round(allocMB),
      firstFrameNs: DOUBLE_MINUS_ONE,
      cpuPct: null,
      killWaveCpuPct: null,
      cpuPeakPct: null,
      freeAtPreview: DOUBLE_MINUS_ONE,
      freeMin500: DOUBLE_MINUS_ONE,
      freeMean500: DOUBLE_MINUS_ONE,
      freeMinLaunch: DOUBLE_MINUS_ONE,
      freeMeanLaunch: DOUBLE_MINUS_ONE,
      frames: 0,
      lateForCpu: 0,
      lateForMemory: 0,
      memStallNs: DOUBLE_ZERO,
    });
    this.launchProbe = newProbe(e.nowNs, Infinity, e.freePages);
    this.startCounters = cpuCounters(w);
    this.wave = null;
    this.binCounters = this.startCounters;
    this.windowEndNs = Infinity;
    e.at(e.nowNs + CPU_BIN_NS, 'cam-cpu-bin');
    // The HAL allocates its stream buffers once the camera is open (configure_streams); the first
    // frame needs them.
    this.appReady = false;
    this.hal.configure(Math.round((k.cameraHalAllocMB * MB) / PAGE_SIZE), k.cameraHalAllocMs * NS_PER_MS, k.cameraHalOpenMs * NS_PER_MS, () => this.maybeFirstFrame());
    w.bg.setBoost(true);
    e.log('launch', `camera cold launch: ${this.app.name} allocates ${Math.round(allocMB)} MB`);
    // The first frame needs cameraFirstFramePct of the launch's memory, files and CPU work; the rest
    // is deferred to a thread that finishes the start-up while the preview runs.
    const share = Math.min(100, Math.max(1, k.cameraFirstFramePct)) / 100;
    const cpuNs = k.cameraLaunchCpuMs * NS_PER_MS;
    const filePages = w.cache.setPages[1]!;
    this.deferredCpuNs = cpuNs * (1 - share);
    this.files = {group: 'camera', pages: filePages, cursor: {read: 0}};
    const first: LaunchFiles = {group: 'camera', pages: Math.round(filePages * share), cursor: this.files.cursor};
    this.launch = new Launch(w, this.thread, this.app, cpuNs * share, k.cameraAllocMs * NS_PER_MS, () => this.appStarted(), appBudget(this.app, Math.round(pages * share)), first);
    this.launch.start();
    return true;
  }

  onEvent(tag: string): void {
    switch (tag) {
      case 'cam-vsync':
        this.frames.onVsync();
        break;
      case 'cam-end':
        this.onPreviewEnd();
        break;
      case 'cam-close':
        this.onClose();
        break;
      case 'cam-cpu-bin':
        this.onCpuBin();
        break;
      case 'cam-free-end':
        this.endProbe();
        break;
      default:
        break;
    }
  }

  /** The camera process was killed (it was chosen as a victim): the session ends here. */
  onKilled(): void {
    if (this.launch) this.launch.abort();
    this.launch = null;
    if (this.deferred) this.deferred.abort();
    this.deferred = null;
    this.frames.stop();
    this.windowEndNs = Math.min(this.windowEndNs, this.w.engine.nowNs);
    this.launchProbe = null;
    if (this.active) this.w.engine.log('launch', `camera killed while ${this.state}`);
    this.state = 'idle';
    this.w.bg.setBoost(false);
    this.hal.free();
  }

  /** lmkd killed a process: the first kill while the camera launches starts the launch's kill wave. */
  onLmkdKill(): void {
    if (this.state === 'launching' && !this.wave) this.wave = {counters: cpuCounters(this.w), atNs: this.w.engine.nowNs};
  }

  /** Free memory changed: follow it while the launch or the preview's first 500 ms are being watched. */
  onFreeChanged(): void {
    if (!this.launchProbe && !this.probe) return;
    const free = this.w.engine.freePages;
    const now = this.w.engine.nowNs;
    if (this.launchProbe) follow(this.launchProbe, now, free);
    if (this.probe) follow(this.probe, now, free);
  }

  /** The user leaves the camera: back to the app before it; the camera is swiped from recents. */
  private onPreviewEnd(): void {
    if (this.state !== 'preview') return;
    const e = this.w.engine;
    this.state = 'idle';
    this.frames.stop();
    const back = this.returnTo && this.returnTo.proc ? this.returnTo : null;
    if (back) setForeground(this.w, back);
    this.hal.free();
    e.at(e.nowNs + NS_PER_S, 'cam-close');
  }

  /** Swiped from recents: ActivityManager kills the camera process (a cold launch next time). */
  private onClose(): void {
    const app = this.app;
    if (this.active || !app.proc || app.proc.state !== 'alive') return;
    const pid = app.proc.pid;
    prepareKill(this.w, app, false);
    this.w.engine.kill(pid, 'removed from recents');
  }

  /** The app's start-up before its first frame is done; the frame also waits for the HAL's stream buffers. */
  private appStarted(): void {
    const rec = this.current;
    if (rec) rec.memStallNs = this.launch?.memStallNs ?? 0;
    this.launch = null;
    this.appReady = true;
    this.maybeFirstFrame();
  }

  private maybeFirstFrame(): void {
    if (this.state === 'launching' && this.appReady && this.hal.configured) this.firstFrame();
  }

  private firstFrame(): void {
    const w = this.w;
    const e = w.engine;
    const k = w.k;
    const rec = this.current!;
    rec.firstFrameNs = e.nowNs;
    const now = cpuCounters(w);
    rec.cpuPct = cpuShares(e.sched.count, this.startCounters!, now, e.nowNs - rec.startNs);
    if (this.wave && e.nowNs > this.wave.atNs) rec.killWaveCpuPct = cpuShares(e.sched.count, this.wave.counters, now, e.nowNs - this.wave.atNs);
    this.wave = null;
    this.windowEndNs = e.nowNs + LAUNCH_WINDOW_TAIL_NS;
    rec.freeAtPreview = e.freePages;
    const lp = this.launchProbe;
    if (lp) {
      follow(lp, e.nowNs, e.freePages);
      rec.freeMinLaunch = lp.min;
      rec.freeMeanLaunch = e.nowNs > rec.startNs ? lp.integral / (e.nowNs - rec.startNs) : e.freePages;
      this.launchProbe = null;
    }
    this.probe = newProbe(e.nowNs, e.nowNs + PREVIEW_FREE_WINDOW_NS, e.freePages);
    e.at(this.probe.endNs, 'cam-free-end');
    const ms = (e.nowNs - rec.startNs) / NS_PER_MS;
    e.log('launch', `camera first frame after ${ms.toFixed(0)} ms (${((e.freePages * PAGE_SIZE) / MB).toFixed(0)} MB free)`);
    this.state = 'preview';
    // The app finishes its start-up and the HAL sets up the capture session while the preview runs.
    const previewNs = k.cameraPreviewAllocMs * NS_PER_MS;
    const budget = appBudget(this.app);
    if (this.app.unallocated > 0 || this.deferredCpuNs > 0) {
      const files = this.files!;
      const deferred = new Launch(w, this.initThread, this.app, this.deferredCpuNs, previewNs, () => {
        if (this.deferred === deferred) this.deferred = null;
      }, budget, {group: files.group, pages: files.pages - files.cursor.read, cursor: files.cursor});
      this.deferred = deferred;
      deferred.start();
    }
    this.hal.expect(Math.round((k.cameraPreviewAllocMB * MB) / PAGE_SIZE));
    e.at(e.nowNs + k.bgBoostTailMs * NS_PER_MS, 'bg-boost-end');
    const endNs = e.nowNs + Math.round(e.rng.camera.between(k.previewSecMin, k.previewSecMax) * NS_PER_S);
    e.at(endNs, 'cam-end');
    this.frames.start(rec, budget, e.nowNs + previewNs, endNs);
  }

  private endProbe(): void {
    const p = this.probe;
    const rec = this.current;
    if (!p || !rec || this.w.engine.nowNs !== p.endNs) return;
    follow(p, p.endNs, this.w.engine.freePages);
    rec.freeMin500 = p.min;
    rec.freeMean500 = p.integral / PREVIEW_FREE_WINDOW_NS;
    this.probe = null;
  }

  /** One 100 ms bin of the launch window: each consumer's share, the highest kept. */
  private onCpuBin(): void {
    const w = this.w;
    const e = w.engine;
    const rec = this.current;
    if (!rec || !this.binCounters) return;
    const now = cpuCounters(w);
    const s = cpuShares(e.sched.count, this.binCounters, now, CPU_BIN_NS);
    const peak = rec.cpuPeakPct ?? {exitingTasks: 0, services: 0, camera: 0, kswapd: 0, lmkd: 0, kworkers: 0, busy: 0};
    for (const key of Object.keys(peak) as (keyof CpuCounters)[]) peak[key] = Math.max(peak[key], s[key]);
    rec.cpuPeakPct = peak;
    this.binCounters = now;
    if (e.nowNs + CPU_BIN_NS <= this.windowEndNs) e.at(e.nowNs + CPU_BIN_NS, 'cam-cpu-bin');
    else this.binCounters = null;
  }
}

