import type {Thread} from '../../engine/cpu.ts';
import type {App} from './apps.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';

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

/**
 * A cold start: the new process allocates its memory chunk by chunk (each chunk through the page
 * allocator, so it may stall in direct reclaim), and after each chunk does its share of the launch's
 * CPU work plus the page faults of the chunk. The chunks are spread over `allocNs` at most (an app
 * does not touch all its memory at once); CPU or memory shortage can only make it slower. `done`
 * runs when the last chunk is done. The same pacer allocates a service's buffers (`budget`).
 */
export class Launch implements Actor {
  wait: AllocWait | null = null;
  running = false;
  aborted = false;
  private readonly budget: Budget;
  private readonly chunkPages: number;
  private readonly cpuPerChunkNs: number;
  private readonly paceNs: number;
  private nextChunkNs = 0;

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
  ) {
    this.budget = budget ?? appBudget(app!);
    this.chunkPages = Math.max(1, w.allocChunkPages);
    const chunks = Math.max(1, Math.ceil(this.budget.left / this.chunkPages));
    this.cpuPerChunkNs = cpuWorkNs / chunks;
    this.paceNs = Math.floor(allocNs / chunks);
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
    if (this.w.mem.alloc(this, pages, () => this.allocated(pages))) this.allocated(pages);
  }

  private allocated(pages: number): void {
    if (this.aborted) return;
    this.budget.take(pages);
    this.w.run(this, pages * this.w.k.faultNsPerPage + this.cpuPerChunkNs);
  }
}
