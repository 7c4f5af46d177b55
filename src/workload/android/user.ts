import {addCached, coldSpawn, setForeground} from './app-states.ts';
import {NS_PER_MS, NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import {agedShare, type App} from './apps.ts';
import {Launch} from './launch.ts';
import {availablePages} from './memory-account.ts';
import type {AndroidWorld} from './world.ts';

const MB = 1024 * 1024;
const pages = (mb: number): number => Math.round((mb * MB) / PAGE_SIZE);
/** A warm switch picks among this many most recently used cached apps. */
const RECENT = 6;

/**
 * The user: every few seconds switches to another app, either one still cached (a warm start: it
 * only changes state) or one that is not running (a cold start: a new process that allocates its
 * memory while it launches). While the camera is up the user stays in it. Killed apps also come
 * back without the user: ActivityManager restarts them in the background for their services,
 * broadcasts and jobs, as cached processes; that is what fills memory again after lmkd emptied it
 * (while MemAvailable leaves room for the services' hot files).
 */
export class UserSession {
  coldStarts = 0;
  warmStarts = 0;
  restarts = 0;
  readonly launches = new Set<Launch>();

  constructor(private readonly w: AndroidWorld) {}

  start(): void {
    if (this.w.k.switchSecMax > 0) this.scheduleNext();
  }

  onSwitch(): void {
    const w = this.w;
    if (!w.camera?.active) this.switchApp();
    this.scheduleNext();
  }

  /** An app died: ActivityManager will restart it in the background after a while. */
  onAppDied(app: App): void {
    const w = this.w;
    const e = w.engine;
    if (app.pinned || app === w.camera.app || w.k.restartSecMean <= 0) return;
    e.at(e.nowNs + Math.max(NS_PER_MS, Math.round(e.rng.user.exp(w.k.restartSecMean * NS_PER_S))), 'restart', app.index);
  }

  /** The background restart of app `index`: a cached process that allocates as it starts. */
  onRestart(index: number): void {
    const w = this.w;
    const app = w.apps[index];
    if (!app || app.state !== 'dead' || w.quiet) return;
    const e = w.engine;
    const k = w.k;
    const rng = e.rng.apps;
    const anon = pages(rng.between(k.anonMBMin, k.anonMBMax));
    const file = pages(rng.between(k.fileMBMin, k.fileMBMax));
    // Time-lapse: the app comes back as it would be after minutes in the background, its cold
    // pages already in zram, so that the next camera launch finds a cache like the first one.
    const ageNs = k.restartAged > 0 ? Math.round(rng.between(60, 900) * NS_PER_S) : 0;
    const swap = k.restartAged > 0 ? w.swapFits(Math.round(anon * agedShare(ageNs) * rng.between(0.92, 1))) : 0;
    const need = anon - swap + file + Math.ceil(swap / e.device.zramRatio);
    if (availablePages(w) - need < w.cache.setPages[0]! + pages(k.initialFreeMB)) {
      // ActivityManager stretches restart delays while memory is short (its memory factor): a
      // restart waits while it would eat into the services' hot files.
      this.onAppDied(app);
      return;
    }
    // Its pages in zram are there at once (the time-lapse): what the pool takes, reclaim made room
    // for in the page cache over the minutes the lapse skips.
    const short = Math.ceil(swap / e.device.zramRatio) - (e.freePages - e.highPages);
    if (short > 0 && w.reclaim.fileNow(short) < short) {
      this.onAppDied(app);
      return;
    }
    this.restarts++;
    coldSpawn(w, app, anon, file, swap);
    app.bgSinceNs = e.nowNs - ageNs;
    addCached(w, app);
    const thread = e.sched.createThread('world', 0, app.name.slice(-15), 0, w.littleCpus);
    this.track(new Launch(w, thread, app, (k.appLaunchCpuMs * NS_PER_MS) / 2, k.restartAllocMs * NS_PER_MS, () => undefined));
  }

  private switchApp(): void {
    const w = this.w;
    const rng = w.engine.rng.user;
    const dead = w.apps.filter((a) => !a.pinned && a.state === 'dead' && a !== w.camera?.app);
    const recent = w.lru.slice(0, RECENT);
    const cold = dead.length > 0 && (recent.length === 0 || rng.chance(w.k.coldStartPct / 100));
    if (cold) this.coldStart(dead[rng.int(0, dead.length - 1)]!);
    else if (recent.length > 0) {
      this.warmStarts++;
      setForeground(w, recent[rng.int(0, recent.length - 1)]!);
    }
  }

  private coldStart(app: App): void {
    const w = this.w;
    const e = w.engine;
    const k = w.k;
    const rng = e.rng.apps;
    this.coldStarts++;
    coldSpawn(w, app, pages(rng.between(k.anonMBMin, k.anonMBMax)), pages(rng.between(k.fileMBMin, k.fileMBMax)));
    setForeground(w, app);
    const thread = e.sched.createThread('world', 0, app.name.slice(-15), -10);
    this.track(new Launch(w, thread, app, k.appLaunchCpuMs * NS_PER_MS, k.appAllocMs * NS_PER_MS, () => undefined));
  }

  /** Start a launch and forget it when it is done. */
  private track(launch: Launch): void {
    this.launches.add(launch);
    launch.done = () => {
      this.launches.delete(launch);
      this.w.detach(launch);
    };
    launch.start();
  }

  private scheduleNext(): void {
    const e = this.w.engine;
    const k = this.w.k;
    const s = e.rng.user.between(k.switchSecMin, Math.max(k.switchSecMin, k.switchSecMax));
    e.at(e.nowNs + Math.max(NS_PER_MS, Math.round(s * NS_PER_S)), 'user');
  }
}
