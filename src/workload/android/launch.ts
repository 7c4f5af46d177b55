import type {Thread} from '../../engine/cpu.ts';
import type {App} from './apps.ts';
import type {AllocWait} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';

/**
 * A cold start: the new process allocates its memory chunk by chunk (each chunk through the page
 * allocator, so it may stall in direct reclaim), and after each chunk does its share of the launch's
 * CPU work plus the page faults of the chunk. The chunks are spread over `allocNs` at most (an app
 * does not touch all its memory at once); CPU or memory shortage can only make it slower. `done`
 * runs when the last chunk is done.
 */
export class Launch implements Actor {
  wait: AllocWait | null = null;
  running = false;
  aborted = false;
  private readonly chunkPages: number;
  private readonly cpuPerChunkNs: number;
  private readonly paceNs: number;
  private nextChunkNs = 0;

  constructor(
    private readonly w: AndroidWorld,
    readonly thread: Thread,
    readonly app: App,
    cpuWorkNs: number,
    allocNs: number,
    /** Runs when the last chunk is done. */
    public done: () => void,
  ) {
    this.chunkPages = Math.max(1, w.allocChunkPages);
    const chunks = Math.max(1, Math.ceil(app.unallocated / this.chunkPages));
    this.cpuPerChunkNs = cpuWorkNs / chunks;
    this.paceNs = Math.floor(allocNs / chunks);
  }

  start(): void {
    this.w.attach(this);
    this.step();
  }

  segmentDone(): void {
    this.step();
  }

  /** The pause between two chunks is over. */
  onPace(): void {
    if (this.w.engine.nowNs === this.nextChunkNs) this.step();
  }

  /** The app died while launching: stop here. */
  abort(): void {
    this.aborted = true;
    this.w.mem.cancel(this);
    this.w.sleep(this);
  }

  private step(): void {
    if (this.aborted) return;
    const app = this.app;
    if (app.unallocated <= 0) {
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
    const pages = Math.min(this.chunkPages, app.unallocated);
    if (this.w.mem.alloc(this, pages, () => this.allocated(pages))) this.allocated(pages);
  }

  private allocated(pages: number): void {
    if (this.aborted) return;
    this.app.unallocated -= pages;
    this.w.run(this, pages * this.w.k.faultNsPerPage + this.cpuPerChunkNs);
  }
}
