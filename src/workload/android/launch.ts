import type {Thread} from '../../engine/cpu.ts';
import type {App} from './apps.ts';
import {readFiles, type ReadCost} from './file-io.ts';
import type {AllocWait} from './memory.ts';
import type {FileGroup} from './page-cache.ts';
import type {Actor, AndroidWorld} from './world.ts';
import {DOUBLE_ZERO} from '../../engine/units.ts';

/** Where the pages of an allocation pacer go: an app's new process, or a service's buffers. */
export interface Budget {
  /** Pages still to allocate. */
  readonly left: number;
  /** `pages` were allocated. */
  take(pages: number): void;
}

/** The pages a launching app's process has not allocated yet (at most `limit` of them). */
export function appBudget(app: App, limit = Infinity): Budget {
  let taken = 0;
  return {
    get left() {
      return Math.max(0, Math.min(app.unallocated, limit - taken));
    },
    take(pages) {
      app.unallocated -= pages;
      taken += pages;
    },
  };
}

/** Files a launch reads as it goes, front to back: `pages` of `group`; `cursor.read` is shared with whoever reads on. */
export interface LaunchFiles {
  readonly group: FileGroup;
  readonly pages: number;
  readonly cursor: {read: number};
}

/**
 * A cold start: the new process allocates its memory chunk by chunk (each chunk through the page
 * allocator, so it may stall in direct reclaim), reads its share of the launch's files (page cache
 * misses are read from storage: the task waits, and a refault is a memory stall), then does its
 * share of the launch's CPU work plus the page faults of the chunk. The chunks are spread over
 * `allocNs` at most (an app does not touch all its memory at once); CPU, memory or I/O shortage
 * can only make it slower. `done` runs when the last chunk is done. The same pacer allocates a
 * service's buffers (`budget`).
 */
export class Launch implements Actor {
  wait: AllocWait | null = null;
  running = false;
  aborted = false;
  private readonly budget: Budget;
  private readonly chunkPages: number;
  private readonly cpuPerChunkNs: number;
  private readonly paceNs: number;
  private readonly filesPerChunk: number;
  private nextChunkNs = DOUBLE_ZERO;
  /** Time this launch was stalled on memory (allocations, refaults), ns. */
  memStallNs = DOUBLE_ZERO;
  /**
   * The chunk in flight and when its allocation started. A launch has one chunk in flight at a
   * time (allocation, reads, CPU work, then the next), so one pair of callbacks serves them all.
   */
  private chunk = 0;
  private chunkT0 = DOUBLE_ZERO;
  private readonly granted = (): void => this.allocated(this.chunk, this.w.engine.nowNs - this.chunkT0);
  private readonly read = (cost: ReadCost): void => {
    if (this.aborted) return;
    this.memStallNs += cost.memStallNs;
    this.compute(this.chunk);
  };

  constructor(
    private readonly w: AndroidWorld,
    readonly thread: Thread,
    /** The app whose process launches (null: a service allocating buffers). */
    readonly app: App | null,
    cpuWorkNs: number,
    allocNs: number,
    /** Runs when the last chunk is done. */
    public done: () => void,
    budget?: Budget,
    private readonly files: LaunchFiles | null = null,
  ) {
    this.budget = budget ?? appBudget(app!);
    this.chunkPages = Math.max(1, w.allocChunkPages);
    const chunks = Math.max(1, Math.ceil(this.budget.left / this.chunkPages));
    this.cpuPerChunkNs = cpuWorkNs / chunks;
    this.paceNs = Math.floor(allocNs / chunks);
    this.filesPerChunk = files ? Math.ceil(files.pages / chunks) : 0;
  }

  /** Start allocating, at once or `delayNs` from now. */
  start(delayNs = 0): void {
    this.w.attach(this);
    this.nextChunkNs = this.w.engine.nowNs + delayNs;
    this.step();
  }

  segmentDone(): void {
    this.step();
  }

  /** The pause between two chunks is over. */
  onPace(): void {
    if (this.w.engine.nowNs === this.nextChunkNs) this.step();
  }

  /** The app died (or the service dropped its buffers) while allocating: stop here. */
  abort(): void {
    this.aborted = true;
    this.w.mem.cancel(this);
    this.w.io.cancel(this);
    this.w.sleep(this);
  }

  private step(): void {
    if (this.aborted) return;
    const left = this.budget.left;
    if (left <= 0) {
      this.w.sleep(this);
      this.done();
      return;
    }
    const e = this.w.engine;
    if (e.nowNs < this.nextChunkNs) {
      this.w.sleep(this);
      e.at(this.nextChunkNs, 'pace', this.thread.id);
      return;
    }
    this.nextChunkNs = e.nowNs + this.paceNs;
    const pages = Math.min(this.chunkPages, left);
    this.chunk = pages;
    this.chunkT0 = e.nowNs;
    if (this.w.mem.alloc(this, pages, this.granted)) this.allocated(pages, 0);
  }

  private allocated(pages: number, stallNs: number): void {
    if (this.aborted) return;
    this.memStallNs += stallNs;
    this.budget.take(pages);
    const f = this.files;
    const n = f ? Math.min(this.filesPerChunk, f.pages - f.cursor.read) : 0;
    if (!f || n <= 0) {
      this.compute(pages);
      return;
    }
    const before = f.cursor.read;
    f.cursor.read += n;
    readFiles(this.w, this, f.group, n, before, this.read);
  }

  private compute(pages: number): void {
    this.w.run(this, pages * this.w.k.faultNsPerPage + this.cpuPerChunkNs);
  }
}
