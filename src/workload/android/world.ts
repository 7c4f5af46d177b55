import type {Thread} from '../../engine/cpu.ts';
import type {Engine, Proc, Workload} from '../../engine/engine.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import type {ForegroundSnapshot} from '../../engine/snapshot.ts';
import {percentiles} from '../../engine/stats.ts';
import {NICE_WEIGHT} from '../../engine/cpu.ts';
import {
  ADJ,
  CAMERA_APP,
  PERCEPTIBLE_APP,
  VISIBLE_APP,
  agedShare,
  assignCachedAdj,
  installedAppName,
  type App,
} from './apps.ts';
import {Background} from './background.ts';
import {Camera} from './camera.ts';
import type {AndroidKnobs} from './knobs.ts';
import {Kswapd} from './kswapd.ts';
import {Lmkd} from './lmkd.ts';
import {Memory, type AllocWait} from './memory.ts';
import {UserSession} from './user.ts';

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

const pct1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The Android world around the exit path (MODEL.md §4): apps with oom_score_adj by state and a
 * cached LRU, a user switching between them, the camera's cold launch and preview, system services
 * and other apps as background CPU load, kswapd, direct reclaim and the OOM path, and lmkd with its
 * two reapers. One seeded stream per subsystem; everything happens in simulated time.
 */
export class AndroidWorld implements Workload {
  engine!: Engine;
  readonly apps: App[] = [];
  /** Cached apps, most recently used first. */
  lru: App[] = [];
  fg: App | null = null;
  prev: App | null = null;
  mem!: Memory;
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
  /** Memory system services and the kernel hold, pages. */
  systemPages = 0;
  quiet = false;
  private readonly actors = new Map<number, Actor>();
  private reclaimOrderCache: App[] | null = null;
  private otherAppCpuNs = 0;

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

    this.mem = new Memory(this);
    this.kswapd = new Kswapd(this);
    this.lmkd = new Lmkd(this);
    this.bg = new Background(this);
    this.user = new UserSession(this);
    this.spawnInitialApps();
    this.camera = new Camera(this, this.newApp(CAMERA_APP, false));

    const reserve = e.freePages - pages(k.initialFreeMB);
    if (reserve > 0) {
      this.systemPages = reserve;
      e.freePages -= reserve;
    } else {
      e.log('info', `apps need ${((-reserve * PAGE_SIZE) / MB).toFixed(0)} MB more than there is for ${k.initialFreeMB} MB free`);
    }
    if (e.zramPages >= e.swapTotalPages) {
      e.log('info', `the zram disk (${e.device.zramDiskMB} MB) is full: direct reclaim finds room only as swap entries are freed`);
    }
    e.log('info', `${this.lru.length} cached apps, ${((e.zramPages * PAGE_SIZE) / MB).toFixed(0)} MB in zram`);

    this.bg.start();
    this.user.start();
    if (k.cameraFirstSec > 0) e.at(Math.round(k.cameraFirstSec * NS_PER_S), 'cam-launch');
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
        const actor = this.actors.get(a);
        if (actor) this.mem.retry(actor);
        break;
      }
      case 'pace':
        this.actors.get(a)?.onPace?.();
        break;
      case 'psi-check':
        this.lmkd.onTriggerCheck();
        break;
      case 'lmkd-poll':
        this.lmkd.onPoll();
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
      case 'cam-vsync':
        this.camera.onVsync();
        break;
      case 'cam-end':
        this.camera.onPreviewEnd();
        break;
      case 'cam-close':
        this.camera.onClose();
        break;
      default:
        break;
    }
  }

  onThreadDone(_engine: Engine, thread: Thread): void {
    const actor = this.actors.get(thread.id);
    if (!actor) return;
    if (actor.wait && !actor.wait.sleeping) this.mem.reclaimDone(actor);
    else actor.segmentDone();
  }

  onProcDone(_engine: Engine, proc: Proc): void {
    // An exit ends a task that was productive for PSI's `full` accounting.
    if (this.mem.stalled > 0) this.mem.setStalled(this.mem.stalled);
    this.lmkd.onProcDead(proc.pid);
    // Killed by someone outside the world (the dashboard, a test): forget the app now.
    const app = this.apps.find((a) => a.proc === proc);
    if (app) this.forget(app);
  }

  foreground(_engine: Engine): ForegroundSnapshot {
    const cam = this.camera;
    if (cam.active || cam.launches.length > 0 || this.k.cameraFirstSec > 0) {
      return {
        app: cam.active ? cam.app.name : (this.fg?.name ?? '-'),
        state: cam.state,
        launches: cam.launches.length,
        lastLaunchMs: cam.lastLaunchMs,
        frames: cam.frames,
        framesLate: cam.framesLate,
      };
    }
    return {app: this.fg?.name ?? '-', state: 'idle', launches: 0, lastLaunchMs: null, frames: 0, framesLate: 0};
  }

  /** `c` on the dashboard: launch the camera now. */
  command(engine: Engine, name: string): boolean {
    if (name !== 'camera-launch') return false;
    if (!this.camera.start()) engine.log('info', 'camera is already up');
    return true;
  }

  summary(_engine: Engine): Readonly<Record<string, unknown>> {
    const cam = this.camera;
    const done = cam.launches.filter((l) => l.firstFrameNs >= 0);
    const launchMs = percentiles(done.map((l) => (l.firstFrameNs - l.startNs) / NS_PER_MS));
    const shares = done.map((l) => l.cpuPct!);
    const cpuPct = shares.length
      ? Object.fromEntries(Object.keys(shares[0]!).map((key) => [key, pct1(shares.reduce((n, s) => n + s[key as keyof typeof s], 0) / shares.length)]))
      : null;
    const lmkd = this.lmkd;
    return {
      foreground: {
        launches: cam.launches.length,
        launchMs: {p50: launchMs.p50, p95: launchMs.p95, max: launchMs.max},
        frames: cam.frames,
        framesLate: cam.framesLate,
        launchCpuPct: cpuPct,
        appColdStarts: this.user.coldStarts,
        appWarmStarts: this.user.warmStarts,
      },
      lmkd: {
        kills: lmkd.kills,
        killsByReason: {...lmkd.killsByReason},
        reaperRuns: lmkd.reaperRuns,
        reaperBusySkips: lmkd.reaperBusySkips,
        killsPerLaunch: cam.launches.map((l) => this.killsAfter(l.startNs)),
        psiEvents: lmkd.events,
        throttled: lmkd.throttled,
        oomKills: this.oomKills,
      },
      reclaim: {
        allocStalls: this.mem.allocStalls,
        mayOomEntries: this.mem.oomPathEntries,
        reclaimedMB: Math.round((this.mem.pagesReclaimed * PAGE_SIZE) / MB),
        kswapdWakeups: this.kswapd.wakeups,
      },
    };
  }

  // ---- threads -------------------------------------------------------------------------------------

  /** Route `actor.thread`'s segments to `actor`. */
  attach(actor: Actor): void {
    this.actors.set(actor.thread.id, actor);
  }

  detach(actor: Actor): void {
    if (this.actors.get(actor.thread.id) === actor) this.actors.delete(actor.thread.id);
    if (actor.thread.kind === 'world' && actor !== this.camera) this.otherAppCpuNs += actor.thread.cpuNs;
  }

  /** Give the actor a segment of `workNs` (at capacity 1.0). */
  run(actor: Actor, workNs: number): void {
    if (!actor.running) {
      actor.running = true;
      this.runningActors++;
      if (this.mem.stalled > 0) this.mem.setStalled(this.mem.stalled);
    }
    if (!this.actors.has(actor.thread.id)) this.attach(actor);
    this.engine.sched.run(actor.thread, this.engine.nowNs, Math.max(1, workNs));
  }

  sleep(actor: Actor): void {
    this.engine.sched.sleep(actor.thread, this.engine.nowNs);
    if (!actor.running) return;
    actor.running = false;
    this.runningActors--;
    if (this.mem.stalled > 0) this.mem.setStalled(this.mem.stalled);
  }

  // ---- apps ----------------------------------------------------------------------------------------

  /** Background apps in reclaim order: least recently used cached app first, the previous app last. */
  reclaimOrder(): readonly App[] {
    if (!this.reclaimOrderCache) {
      const order = [...this.lru].reverse();
      if (this.prev) order.push(this.prev);
      this.reclaimOrderCache = order;
    }
    return this.reclaimOrderCache;
  }

  /** The user brings `app` to the front: the old foreground app becomes previous, the old previous cached. */
  setForeground(app: App): void {
    const now = this.engine.nowNs;
    const old = this.fg;
    if (old === app) return;
    this.lru = this.lru.filter((a) => a !== app);
    if (this.prev === app) this.prev = null;
    if (old && old.proc) {
      if (this.prev) {
        this.prev.state = 'cached';
        this.lru.unshift(this.prev);
      }
      old.state = 'previous';
      old.bgSinceNs = now;
      old.proc.oomScoreAdj = ADJ.previous;
      this.prev = old;
    }
    app.state = 'foreground';
    if (app.proc) app.proc.oomScoreAdj = ADJ.foreground;
    this.fg = app;
    assignCachedAdj(this.lru);
    this.reclaimOrderCache = null;
  }

  /**
   * A new process for `app`: its resident memory is allocated by its launch, chunk by chunk.
   * `swapPages` of its anon start out in zram (an app restarted as already aged, see UserSession).
   */
  coldSpawn(app: App, anonPages: number, filePages: number, swapPages = 0): Proc {
    const e = this.engine;
    const resident = anonPages - swapPages + filePages;
    // spawn charges all resident pages at once; the launch takes them through the allocator instead.
    e.freePages += resident;
    const proc = e.spawn({comm: app.name, oomScoreAdj: ADJ.foreground, presentPages: resident, swapEntries: swapPages, meanRunEntries: this.k.meanRunEntries});
    app.proc = proc;
    app.anonPages = anonPages;
    app.filePages = filePages;
    app.unallocated = resident;
    app.bgSinceNs = e.nowNs;
    return proc;
  }

  /**
   * `app` is about to get SIGKILL: memory its launch never allocated is charged (the exit frees all
   * of the mm), its launch stops, it leaves the LRU. lmkd also raises the victim's priority.
   */
  prepareKill(app: App, boost: boolean): void {
    const proc = app.proc!;
    if (boost) {
      // set_process_group_and_prio(…, ANDROID_PRIORITY_HIGHEST): nice −20, foreground cpuset.
      proc.thread.weight = NICE_WEIGHT[-20]!;
      proc.thread.allowed = null;
    }
    this.forget(app);
  }

  /** The app's process is gone (or about to be): out of every list, its launch stopped. */
  private forget(app: App): void {
    if (app.unallocated > 0) {
      this.engine.freePages -= app.unallocated;
      app.unallocated = 0;
    }
    if (app === this.camera.app) this.camera.onKilled();
    for (const l of this.user.launches) {
      if (l.app !== app) continue;
      l.abort();
      this.user.launches.delete(l);
      this.detach(l);
    }
    this.lru = this.lru.filter((a) => a !== app);
    if (this.fg === app) this.fg = null;
    if (this.prev === app) this.prev = null;
    app.state = 'dead';
    app.proc = null;
    assignCachedAdj(this.lru);
    this.reclaimOrderCache = null;
    this.user.onAppDied(app);
  }

  /** A process started in the background joins the cached LRU at the most recently used end. */
  addCached(app: App): void {
    app.state = 'cached';
    this.lru.unshift(app);
    assignCachedAdj(this.lru);
    this.reclaimOrderCache = null;
  }

  /** Of `pages` an app would have in swap, what the zram disk has room for (the rest stays resident). */
  swapFits(pages: number): number {
    const e = this.engine;
    return Math.max(0, Math.min(pages, e.swapTotalPages - e.zramPages));
  }

  /** The kernel OOM killer (oom_badness): the largest process, weighted by oom_score_adj. */
  oomKill(): void {
    if (this.quiet) return;
    const e = this.engine;
    let best: App | null = null;
    let bestScore = -Infinity;
    for (const app of this.apps) {
      const p = app.proc;
      if (!p || p.state !== 'alive') continue;
      const score = p.mm.rss + p.mm.swapents + (p.oomScoreAdj * e.totalPages) / 1000;
      if (score > bestScore) {
        best = app;
        bestScore = score;
      }
    }
    if (!best) return;
    const proc = best.proc!;
    this.oomKills++;
    e.log('oom', `Out of memory: Killed process ${proc.pid} (${proc.comm}) oom_score_adj ${proc.oomScoreAdj}`);
    this.prepareKill(best, false);
    e.kill(proc.pid, 'oom-kill');
  }

  /** Stop starting new things (launches, switches, background bursts, kills): the world winds down. */
  quiesce(): void {
    this.quiet = true;
    this.lmkd.quiet = true;
  }

  // ---- CPU accounting ------------------------------------------------------------------------------

  cpuCounters(): CpuCounters {
    const e = this.engine;
    const now = e.nowNs;
    const of = (t: Thread): number => e.sched.cpuNsOf(t, now);
    let exiting = e.doneTaskCpuNs;
    for (const p of e.liveExits()) exiting += of(p.thread);
    let services = this.otherAppCpuNs;
    for (const t of this.bg.threads) services += of(t.thread);
    for (const l of this.user.launches) services += of(l.thread);
    services += of(this.camera.hal.thread);
    let kworkers = 0;
    for (const pool of e.wq.pools) for (const w of pool.workers) kworkers += of(w.thread);
    let busy = 0;
    for (let cpu = 0; cpu < e.sched.count; cpu++) busy += e.sched.busyNs(cpu, now);
    return {
      exitingTasks: exiting,
      services,
      camera: of(this.camera.thread) + of(this.camera.initThread),
      kswapd: of(this.kswapd.thread),
      lmkd: of(this.lmkd.thread) + e.reaperCpuNs(),
      kworkers,
      busy,
    };
  }

  /** Shares of all CPUs' time between two counter readings `dtNs` apart, percent (plus idle). */
  cpuShares(a: CpuCounters, b: CpuCounters, dtNs: number): Record<keyof CpuCounters | 'idle', number> {
    const total = Math.max(1, dtNs * this.engine.sched.count);
    const out = {} as Record<keyof CpuCounters | 'idle', number>;
    for (const key of Object.keys(a) as (keyof CpuCounters)[]) out[key] = pct1((100 * (b[key] - a[key])) / total);
    out.idle = pct1(100 - out.busy);
    return out;
  }

  // ---- internals -----------------------------------------------------------------------------------

  private killsAfter(startNs: number): number {
    let n = 0;
    for (const r of this.lmkd.killLog) if (r.tNs >= startNs && r.tNs < startNs + LAUNCH_KILL_WINDOW_NS) n++;
    return n;
  }

  private onCameraSchedule(engine: Engine): void {
    if (this.quiet) return;
    const k = this.k;
    if (!this.camera.start()) {
      engine.at(engine.nowNs + NS_PER_S, 'cam-launch');
      return;
    }
    if (k.cameraPeriodSecMax <= 0) return;
    const s = engine.rng.camera.between(k.cameraPeriodSecMin, Math.max(k.cameraPeriodSecMin, k.cameraPeriodSecMax));
    engine.at(engine.nowNs + Math.round(s * NS_PER_S), 'cam-launch');
  }

  private newApp(name: string, pinned: boolean): App {
    const app: App = {index: this.apps.length, name, state: 'dead', proc: null, anonPages: 0, filePages: 0, bgSinceNs: 0, unallocated: 0, pinned};
    this.apps.push(app);
    return app;
  }

  /** The phone as the user left it: a foreground app, the previous one, the cached LRU, two pinned apps. */
  private spawnInitialApps(): void {
    const e = this.engine;
    const k = this.k;
    const rng = e.rng.apps;
    const pages = (mb: number): number => Math.round((mb * MB) / PAGE_SIZE);
    const spawn = (app: App, ageS: number, share: number): void => {
      const anon = pages(rng.between(k.anonMBMin, k.anonMBMax));
      const file = pages(rng.between(k.fileMBMin, k.fileMBMax));
      const swap = this.swapFits(Math.round(anon * share));
      app.anonPages = anon;
      app.filePages = file;
      app.bgSinceNs = -Math.round(ageS * NS_PER_S);
      app.proc = e.spawn({comm: app.name, oomScoreAdj: 0, presentPages: anon - swap + file, swapEntries: swap, meanRunEntries: k.meanRunEntries});
    };
    const regular = 2 + k.apps + k.extraApps;
    const apps = Array.from({length: regular}, (_, i) => this.newApp(installedAppName(i), false));
    // The LRU's oldest app went to the background about half an hour ago.
    const step = 1500 / Math.max(1, k.apps);
    for (let i = 0; i < k.apps; i++) {
      const app = apps[2 + i]!;
      const age = 30 + (i + rng.float()) * step;
      spawn(app, age, agedShare(age * NS_PER_S) * rng.between(0.92, 1));
      app.state = 'cached';
      this.lru.push(app);
    }
    const prev = apps[1]!;
    const prevAge = rng.between(5, 30);
    spawn(prev, prevAge, agedShare(prevAge * NS_PER_S) * rng.between(0.5, 1));
    prev.state = 'previous';
    prev.proc!.oomScoreAdj = ADJ.previous;
    this.prev = prev;
    const fg = apps[0]!;
    spawn(fg, 0, 0.05);
    fg.state = 'foreground';
    this.fg = fg;
    for (const [name, state] of [
      [PERCEPTIBLE_APP, 'perceptible'],
      [VISIBLE_APP, 'visible'],
    ] as const) {
      const app = this.newApp(name, true);
      spawn(app, 0, 0.2);
      app.state = state;
      app.proc!.oomScoreAdj = ADJ[state];
    }
    assignCachedAdj(this.lru);
  }
}
