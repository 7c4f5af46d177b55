import {NICE_WEIGHT} from '../../engine/cpu.ts';
import type {Proc} from '../../engine/engine.ts';
import {ADJ, assignCachedAdj, type App} from './apps.ts';
import type {AndroidWorld} from './world.ts';

/**
 * App state changes, as ActivityManager makes them: to the front (the old foreground app becomes
 * previous, the old previous cached), a new process, the LRU, the end of a process.
 */

/** The user brings `app` to the front: the old foreground app becomes previous, the old previous cached. */
export function setForeground(w: AndroidWorld, app: App): void {
  const now = w.engine.nowNs;
  const old = w.fg;
  if (old === app) return;
  w.lru = w.lru.filter((a) => a !== app);
  if (w.prev === app) w.prev = null;
  if (old && old.proc) {
    if (w.prev) {
      w.prev.state = 'cached';
      w.lru.unshift(w.prev);
    }
    old.state = 'previous';
    old.bgSinceNs = now;
    old.proc.oomScoreAdj = ADJ.previous;
    w.prev = old;
  }
  app.state = 'foreground';
  if (app.proc) app.proc.oomScoreAdj = ADJ.foreground;
  w.fg = app;
  assignCachedAdj(w.lru);
  w.invalidateOrder();
}

/**
 * A new process for `app`: its resident memory is allocated by its launch, chunk by chunk (anon
 * first, its mapped file pages last). `swapPages` of its anon start out in zram (an app restarted
 * as already aged, see UserSession).
 */
export function coldSpawn(w: AndroidWorld, app: App, anonPages: number, filePages: number, swapPages = 0): Proc {
  const e = w.engine;
  const resident = anonPages - swapPages + filePages;
  // spawn charges all resident pages at once; the launch takes them through the allocator instead.
  e.freePages += resident;
  const proc = e.spawn({comm: app.name, oomScoreAdj: ADJ.foreground, presentPages: resident, swapEntries: swapPages, meanRunEntries: w.k.meanRunEntries});
  app.proc = proc;
  app.anonPages = anonPages;
  app.filePages = filePages;
  app.unallocated = resident;
  app.bgSinceNs = e.nowNs;
  w.track(app, proc);
  return proc;
}

/**
 * `app` is about to get SIGKILL: memory its launch never allocated is charged (the exit frees all
 * of the mm), its launch stops, it leaves the LRU. lmkd also raises the victim's priority.
 */
export function prepareKill(w: AndroidWorld, app: App, boost: boolean): void {
  const proc = app.proc!;
  if (boost) {
    // set_process_group_and_prio(…, ANDROID_PRIORITY_HIGHEST): nice −20, foreground cpuset.
    proc.thread.weight = NICE_WEIGHT[-20]!;
    proc.thread.allowed = null;
  }
  forget(w, app);
}

/** A process started in the background joins the cached LRU at the most recently used end. */
export function addCached(w: AndroidWorld, app: App): void {
  app.state = 'cached';
  w.lru.unshift(app);
  assignCachedAdj(w.lru);
  w.invalidateOrder();
}

/** The app's process is gone (or about to be): out of every list, its launch stopped. */
export function forget(w: AndroidWorld, app: App): void {
  if (app.unallocated > 0) {
    w.engine.freePages -= app.unallocated;
    app.unallocated = 0;
  }
  if (app === w.camera.app) w.camera.onKilled();
  for (const l of w.user.launches) {
    if (l.app !== app) continue;
    l.abort();
    w.user.launches.delete(l);
    w.detach(l);
  }
  w.lru = w.lru.filter((a) => a !== app);
  if (w.fg === app) w.fg = null;
  if (w.prev === app) w.prev = null;
  app.state = 'dead';
  app.proc = null;
  assignCachedAdj(w.lru);
  w.invalidateOrder();
  w.user.onAppDied(app);
}

