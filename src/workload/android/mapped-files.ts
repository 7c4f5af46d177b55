import type {Proc} from '../../engine/engine.ts';
import type {Mm} from '../../engine/mm.ts';
import type {App} from './apps.ts';
import type {PageCache} from './page-cache.ts';

/**
 * File pages the world's processes map (the mapped part of the page cache) and the app of each
 * process, by pid. Pages of apps in the background (cached, previous) are not referenced: they sit
 * on the inactive list, as old as the time the app left the foreground, and reclaim takes them in
 * that order (unmapping them from the app: rmap, try_to_unmap). Pages of the foreground, visible and
 * perceptible apps and of launching ones are referenced (active). An exit's zap unmaps what is left
 * table by table, and those pages stay in the page cache, cold, at the tail of the inactive list.
 */
export class MappedFiles {
  /** Each tracked process: its app and the file pages it maps. */
  private readonly byPid = new Map<number, Mapping>();
  /** The processes that map file pages (or did), in the order they were first tracked with some. */
  private readonly withFiles: Mapping[] = [];
  /** The mapping of each app's latest tracked process, by app index (reclaim asks per app, per pass). */
  private readonly byApp: (Mapping | null)[] = [];
  /** What `sizes` returns: one object, overwritten by the next call (reclaim and lmkd ask often). */
  private readonly sized = {total: 0, inactive: 0};

  constructor(private readonly cache: PageCache) {}

  /** Remember the process of `app` and the file pages it maps. */
  track(app: App, proc: Proc): void {
    let m = this.byPid.get(proc.pid);
    if (m) m.app = app;
    else {
      m = {pid: proc.pid, app, file: 0, listed: false};
      this.byPid.set(proc.pid, m);
    }
    while (this.byApp.length <= app.index) this.byApp.push(null);
    this.byApp[app.index] = m;
    if (app.filePages > 0) {
      if (!m.listed) {
        m.listed = true;
        this.withFiles.push(m);
      }
      m.file = app.filePages;
    }
  }

  /** File pages process `pid` maps now (pages its launch has not allocated yet excluded: files come last). */
  mappedOf(pid: number): number {
    const m = this.byPid.get(pid);
    if (!m || m.file === 0) return 0;
    return Math.max(0, m.file - this.unallocatedOf(pid));
  }

  /** Pages of `pid`'s mm its launch has not allocated yet. */
  unallocatedOf(pid: number): number {
    const app = this.byPid.get(pid)?.app;
    return app && app.proc?.pid === pid ? app.unallocated : 0;
  }

  /** All mapped file pages. */
  total(): number {
    return this.sizes().total;
  }

  /** Mapped pages in all, and those of background apps (on the inactive list, reclaimable), in one pass; valid until the next call. */
  sizes(): {readonly total: number; readonly inactive: number} {
    let total = 0;
    let inactive = 0;
    const list = this.withFiles;
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      const file = m.file;
      if (file === 0) continue;
      const app = m.app;
      const proc = app.proc;
      // A process its app no longer runs maps all its pages until it is gone.
      if (proc === null || proc.pid !== m.pid) {
        total += file;
        continue;
      }
      const mapped = Math.max(0, file - app.unallocated);
      total += mapped;
      if (currentInBackground(app)) inactive += mapped;
    }
    const r = this.sized;
    r.total = total;
    r.inactive = inactive;
    return r;
  }

  /** Mapped pages of apps in the background (inactive, reclaimable). */
  inactive(): number {
    return this.sizes().inactive;
  }

  /**
   * Reclaim up to `pages` mapped pages of background apps that left the foreground before `olderThanNs`,
   * oldest first (`order`: background apps, least recently used first); returns pages reclaimed.
   */
  reclaim(pages: number, olderThanNs: number, order: readonly App[]): number {
    let left = pages;
    for (const app of order) {
      if (left <= 0) break;
      if (app.bgSinceNs >= olderThanNs) continue;
      const proc = app.proc;
      if (!proc || !background(app, proc.pid)) continue;
      const m = this.mappingOf(app, proc.pid);
      const have = m?.file ?? 0;
      const n = Math.min(left, have);
      if (n <= 0) continue;
      unmapPresent(proc.mm, n);
      app.filePages -= n;
      m!.file = have - n;
      left -= n;
    }
    return pages - left;
  }

  /** A zap unmapped `pages` present pages of `proc`: the file pages among them (in proportion) stay cached; returns them. */
  unmap(proc: Proc, pages: number): number {
    const m = this.byPid.get(proc.pid);
    const left = m?.file ?? 0;
    if (left <= 0 || proc.mm.rss <= 0) return 0;
    const kept = Math.min(left, pages, Math.round((pages * left) / proc.mm.rss));
    m!.file = left - kept;
    this.cache.addOld('apps', kept);
    return kept;
  }

  /** The mapping of process `pid` of `app`. */
  private mappingOf(app: App, pid: number): Mapping | undefined {
    const m = this.byApp[app.index];
    return m && m.pid === pid ? m : this.byPid.get(pid);
  }

  /** The process is gone. */
  forget(pid: number): void {
    const m = this.byPid.get(pid);
    if (!m) return;
    if (m.file > 0) this.cache.addOld('apps', m.file);
    this.byPid.delete(pid);
    if (this.byApp[m.app.index] === m) this.byApp[m.app.index] = null;
    if (m.listed) this.withFiles.splice(this.withFiles.indexOf(m), 1);
  }
}

/** A tracked process: `file` is what it maps now; `listed` once it is in `withFiles`. */
interface Mapping {
  readonly pid: number;
  app: App;
  file: number;
  listed: boolean;
}

/** Its mapped pages are unreferenced: a live background app with nothing left to allocate. */
function background(app: App, pid: number): boolean {
  return app.proc?.pid === pid && currentInBackground(app);
}

/** The app's current process (there is one) is alive, fully allocated, and the app is in the background. */
function currentInBackground(app: App): boolean {
  return app.proc!.state === 'alive' && app.unallocated === 0 && (app.state === 'cached' || app.state === 'previous');
}

/** Drop `pages` present pages from an mm's PTE tables (hot tables last in the layout: from the end). */
function unmapPresent(mm: Mm, pages: number): void {
  let left = pages;
  for (let i = mm.present.length - 1; i >= mm.next && left > 0; i--) {
    const n = Math.min(left, mm.present[i]!);
    mm.present[i] = mm.present[i]! - n;
    left -= n;
  }
  mm.rss -= pages - left;
}
