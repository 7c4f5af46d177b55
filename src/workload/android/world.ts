import type {Thread} from '../../engine/cpu.ts';
import type {Engine, Proc, SnapshotExtras, Workload} from '../../engine/engine.ts';
import {NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import {DOUBLE_MINUS_ONE, DOUBLE_ZERO} from '../../engine/units.ts';
import type {ForegroundSnapshot} from '../../engine/snapshot.ts';
import {CAMERA_APP, type App} from './apps.ts';
import {Background} from './background.ts';
import {Camera} from './camera.ts';
import {IoWaits} from './file-io.ts';
import type {AndroidKnobs} from './knobs.ts';
import {spawnInitialApps} from './initial-apps.ts';
import {Kswapd} from './kswapd.ts';
import {Lmkd} from './lmkd.ts';
import {Memory, type AllocWait} from './memory.ts';
import {settleInitialMemory} from './memory-account.ts';
import {MappedFiles} from './mapped-files.ts';
import {PageCache} from './page-cache.ts';
import {Reclaim} from './reclaim.ts';
import {UserSession} from './user.ts';
import {forget} from './app-states.ts';
import {foregroundSnapshot, snapshotExtras, worldSummary} from './world-report.ts';

const MB = 1024 * 1024;
/** Kills within this long after a camera launch starts are counted as that launch's kills. */
export const LAUNCH_KILL_WINDOW_NS = 10 * NS_PER_S;

/** Something in the world that owns a thread: its segments come back to `segmentDone`. */
export interface Actor {
  readonly thread: Thread;
  /** An allocation stalled in the slow path; while set, the thread's segments are direct reclaim. */
  wait: AllocWait | null;
  /** Has a segment (counts as a non-idle task for PSI). */
  running: boolean;
  segmentDone(): void;
  /** A pause the actor asked for (`pace` event) is over. */
  onPace?(): void;
}

/**
 * The Android world around the exit path (MODEL.md §4, §8): apps with oom_score_adj by state and a
 * cached LRU, a user switching between them, the camera's cold launch and preview, system services
 * and other apps as CPU load and file readers, the page cache with its file LRUs and refaults,
 * kswapd, direct reclaim and the OOM path, and lmkd with its two reapers. One seeded stream per
 * subsystem; everything happens in simulated time.
 */
export class AndroidWorld implements Workload {
  engine!: Engine;
  readonly apps: App[] = [];
  /** Cached apps, most recently used first. */
  lru: App[] = [];
  fg: App | null = null;
  prev: App | null = null;
  mem!: Memory;
  reclaim!: Reclaim;
  cache!: PageCache;
  /** The file pages processes map, and each process's app. */
  maps!: MappedFiles;
  kswapd!: Kswapd;
  lmkd!: Lmkd;
  bg!: Background;
  user!: UserSession;
  camera!: Camera;
  runningActors = 0;
  /** The big cores (top-app cpuset for the camera); null when all cores are alike. */
  bigCpus: number[] | null = null;
  /** The little cores (background cpuset); null when all cores are alike. */
  littleCpus: number[] | null = null;
  allocChunkPages = 0;
  kswapdChunkPages = 0;
  /** Kernel OOM kills (nothing reclaimable, no victim exiting). */
  oomKills = 0;
  /** Memory the kernel holds and anonymous memory of system services, pages. */
  kernelPages = 0;
  servicesPages = 0;
  /** When the next scheduled camera launch comes (−1: none). */
  nextCameraLaunchNs = DOUBLE_MINUS_ONE;
  quiet = false;
  /** CPU time of threads of apps that are gone. */
  otherAppCpuNs = DOUBLE_ZERO;
  /** workingset_refault_file at the last tick, and its growth over the last second. */
  refaultsPerSec = 0;
  private refaultsAtTick = 0;
  /** Actors by thread id (null: none); thread ids are small and dense. */
  private readonly actors: (Actor | null)[] = [];
  /** Tasks waiting for storage (file reads). */
  io!: IoWaits;
  private reclaimOrderCache: App[] | null = null;

  constructor(
    readonly name: string,
    readonly k: AndroidKnobs,
  ) {}

  // ---- Workload ----------------------------------------------------------------------------------

  init(engine: Engine): void {
    this.engine = engine;
    const e = engine;
    const k = this.k;
    // Compressed pages live in RAM: zram's pool is charged to free memory, and returned by zs_free.
    e.zramChargesRam = true;
    const pages = (mb: number): number => Math.max(1, Math.round((mb * MB) / PAGE_SIZE));
    this.allocChunkPages = pages(k.allocChunkMB);
    this.kswapdChunkPages = pages(k.kswapdChunkMB);
    const caps = Array.from({length: e.sched.count}, (_, i) => e.sched.capacityOf(i));
    const maxCap = Math.max(...caps);
    const big = caps.flatMap((c, i) => (c >= 0.75 * maxCap ? [i] : []));
    this.bigCpus = big.length < caps.length ? big : null;
    const minCap = Math.min(...caps);
    const little = caps.flatMap((c, i) => (c <= minCap ? [i] : []));
    this.littleCpus = little.length < caps.length ? little : null;

    this.cache = new PageCache({system: pages(k.systemFileMB), camera: pages(k.cameraFileMB)});
    this.maps = new MappedFiles(this.cache);
    this.mem = new Memory(this);
    this.io = new IoWaits(this);
    this.reclaim = new Reclaim(this);
    this.kswapd = new Kswapd(this);
    this.lmkd = new Lmkd(this);
    this.bg = new Background(this);
    this.user = new UserSession(this);
    spawnInitialApps(this, (name, pinned) => this.newApp(name, pinned));
    this.camera = new Camera(this, this.newApp(CAMERA_APP, false));
    settleInitialMemory(this);
    if (e.zramPages >= e.swapTotalPages) {
      e.log('info', `the zram disk (${e.device.zramDiskMB} MB) is full: direct reclaim finds room only as swap entries are freed`);
    }
    e.log('info', `${this.lru.length} cached apps, ${((e.zramPages * PAGE_SIZE) / MB).toFixed(0)} MB in zram, ${((this.cache.pages * PAGE_SIZE) / MB).toFixed(0)} MB of page cache`);
    // Setting the phone up went through states it never was in: the low-water mark starts here.
    e.freeMinPages = e.freePages;

    this.bg.start();
    this.user.start();
    if (k.cameraFirstSec > 0) this.scheduleCamera(Math.round(k.cameraFirstSec * NS_PER_S));
  }

  onEvent(engine: Engine, tag: string, a: number): void {
    switch (tag) {
      case 'bg':
        if (!this.quiet) this.bg.onWake(a);
        break;
      case 'bg-boost-end':
        if (this.camera.state !== 'launching') this.bg.setBoost(false);
        break;
      case 'mem-retry': {
        const actor = this.actors[a];
        if (actor) this.mem.retry(actor);
        break;
      }
      case 'mem-grant':
        this.mem.grantWaiting();
        break;
      case 'io-done':
        this.io.done(a);
        break;
      case 'pace':
        this.actors[a]?.onPace?.();
        break;
      case 'psi-check':
        this.lmkd.triggers.onCheck();
        break;
      case 'lmkd-poll':
        this.lmkd.onPoll();
        break;
      case 'lmkd-timeout':
        this.lmkd.onKillTimeout(a);
        break;
      case 'user':
        if (!this.quiet) this.user.onSwitch();
        break;
      case 'restart':
        this.user.onRestart(a);
        break;
      case 'cam-launch':
        this.onCameraSchedule(engine);
        break;
      default:
        this.camera.onEvent(tag);
        break;
    }
  }

  onThreadDone(_engine: Engine, thread: Thread): void {
    const actor = this.actors[thread.id];
    if (!actor) return;
    if (actor.wait && !actor.wait.sleeping) this.mem.reclaimDone(actor);
    else actor.segmentDone();
  }

  onProcDone(_engine: Engine, proc: Proc): void {
    // An exit ends a task that was productive for PSI's `full` accounting.
    this.mem.refreshPsi();
    this.lmkd.onProcDead(proc.pid);
    // Killed by someone outside the world (the dashboard, a test): forget the app now.
    const app = this.apps.find((a) => a.proc === proc);
    if (app) forget(this, app);
    this.maps.forget(proc.pid);
  }

  onTick(): void {
    const r = this.cache.workingsetRefault;
    this.refaultsPerSec = r - this.refaultsAtTick;
    this.refaultsAtTick = r;
  }

  /** The zap unmapped `pages` present pages: the file pages among them stay in the page cache. */
  onUnmapPresent(_engine: Engine, proc: Proc, pages: number): number {
    return this.maps.unmap(proc, pages);
  }

  onFreePagesChanged(_engine: Engine, delta: number): void {
    if (!this.mem) return;
    if (delta > 0) this.mem.onFreeRise();
    this.camera?.onFreeChanged();
  }

  foreground(_engine: Engine): ForegroundSnapshot {
    return foregroundSnapshot(this);
  }

  snapshotExtras(_engine: Engine): SnapshotExtras {
    return snapshotExtras(this);
  }

  /** `c` on the dashboard: launch the camera now. */
  command(engine: Engine, name: string): boolean {
    if (name !== 'camera-launch') return false;
    if (!this.camera.start()) engine.log('info', 'camera is already up');
    return true;
  }

  summary(_engine: Engine): Readonly<Record<string, unknown>> {
    return worldSummary(this);
  }

  // ---- threads -------------------------------------------------------------------------------------

  /** Route `actor.thread`'s segments to `actor`. */
  attach(actor: Actor): void {
    const id = actor.thread.id;
    const actors = this.actors;
    while (actors.length < id) actors.push(null);
    actors[id] = actor;
  }

  detach(actor: Actor): void {
    if (this.actors[actor.thread.id] === actor) this.actors[actor.thread.id] = null;
    this.io.forget(actor);
    if (actor.thread.kind === 'world' && actor.thread !== this.camera.thread && actor.thread !== this.camera.initThread) this.otherAppCpuNs += actor.thread.cpuNs;
  }

  /** Give the actor a segment of `workNs` (at capacity 1.0). */
  run(actor: Actor, workNs: number): void {
    if (!actor.running) {
      actor.running = true;
      this.runningActors++;
      if (actor.wait) this.mem.runningWaiters++;
      this.mem.refreshPsi();
    }
    if (this.actors[actor.thread.id] == null) this.attach(actor);
    this.engine.sched.run(actor.thread, this.engine.nowNs, Math.max(1, workNs));
  }

  sleep(actor: Actor): void {
    this.engine.sched.sleep(actor.thread, this.engine.nowNs);
    if (!actor.running) return;
    actor.running = false;
    this.runningActors--;
    if (actor.wait) this.mem.runningWaiters--;
    this.mem.refreshPsi();
  }

  // ---- apps ----------------------------------------------------------------------------------------

  /** The LRU or the previous app changed: reclaim order is computed again. */
  invalidateOrder(): void {
    this.reclaimOrderCache = null;
  }

  /** Background apps in reclaim order: least recently used cached app first, the previous app last. */
  reclaimOrder(): readonly App[] {
    if (!this.reclaimOrderCache) {
      const order = [...this.lru].reverse();
      if (this.prev) order.push(this.prev);
      this.reclaimOrderCache = order;
    }
    return this.reclaimOrderCache;
  }

  /** Of `pages` an app would have in swap, what the zram disk has room for (the rest stays resident). */
  swapFits(pages: number): number {
    const e = this.engine;
    return Math.max(0, Math.min(pages, e.swapTotalPages - e.zramPages));
  }

  /** Stop starting new things (launches, switches, background bursts, kills): the world winds down. */
  quiesce(): void {
    this.quiet = true;
    this.lmkd.quiet = true;
  }

  /** Schedule the next camera launch at `tNs`. */
  scheduleCamera(tNs: number): void {
    this.nextCameraLaunchNs = tNs;
    this.engine.at(tNs, 'cam-launch');
  }

  // ---- internals -----------------------------------------------------------------------------------

  /** Remember the process of `app` (and the file pages it maps). */
  track(app: App, proc: Proc): void {
    this.maps.track(app, proc);
  }

  /** File pages mapped by processes (on the active list, not reclaimable while mapped). */
  mappedFilePages(): number {
    return this.maps.total();
  }

  private onCameraSchedule(engine: Engine): void {
    if (engine.nowNs !== this.nextCameraLaunchNs) return;
    this.nextCameraLaunchNs = -1;
    if (this.quiet) return;
    const k = this.k;
    if (!this.camera.start()) {
      this.scheduleCamera(engine.nowNs + NS_PER_S);
      return;
    }
    if (k.cameraPeriodSecMax <= 0) return;
    const s = engine.rng.camera.between(k.cameraPeriodSecMin, Math.max(k.cameraPeriodSecMin, k.cameraPeriodSecMax));
    this.scheduleCamera(engine.nowNs + Math.round(s * NS_PER_S));
  }

  newApp(name: string, pinned: boolean): App {
    const app: App = {index: this.apps.length, name, state: 'dead', proc: null, anonPages: 0, filePages: 0, bgSinceNs: DOUBLE_ZERO, unallocated: 0, pinned};
    this.apps.push(app);
    return app;
  }
}
