import type {Thread} from '../../engine/cpu.ts';
import {Launch, type Budget} from './launch.ts';
import type {AndroidWorld} from './world.ts';

/**
 * The camera HAL's buffers (cameraserver and the camera provider, from the dma-buf heaps): the
 * stream buffers it configures while the camera launches, then what the capture session sets up in
 * the first second(s) of the preview (the zero-shutter-lag ring, ISP statistics and tuning buffers,
 * the HDR and ML pipelines). One HAL thread allocates them chunk by chunk through the page
 * allocator (so it stalls in direct reclaim like anyone), paced over a phase; the HAL holds them
 * until the camera closes. Its CPU time is a service's.
 */
export class CameraHal implements Budget {
  readonly thread: Thread;
  /** Pages allocated and held, and still to allocate in the current phase. */
  heldPages = 0;
  leftPages = 0;
  private alloc: Launch | null = null;

  constructor(private readonly w: AndroidWorld) {
    this.thread = w.engine.sched.createThread('world', 0, 'camera.provider', -20);
  }

  /** Allocate `pages` more over `overNs`, starting `delayNs` from now (what is left of an earlier phase comes along). */
  allocate(pages: number, overNs: number, delayNs = 0): void {
    this.stop();
    this.leftPages += pages;
    if (this.leftPages <= 0) return;
    const launch = new Launch(this.w, this.thread, null, 0, overNs, () => {
      if (this.alloc === launch) this.alloc = null;
    }, this);
    this.alloc = launch;
    launch.start(delayNs);
  }

  // Budget: what the pacer allocates goes to the HAL's buffers.
  get left(): number {
    return this.leftPages;
  }

  take(pages: number): void {
    this.leftPages -= pages;
    this.heldPages += pages;
  }

  /** The camera closed (or died): the HAL stops allocating and frees its buffers. */
  free(): void {
    this.stop();
    this.leftPages = 0;
    this.w.engine.freePages += this.heldPages;
    this.heldPages = 0;
  }

  private stop(): void {
    if (!this.alloc) return;
    this.alloc.abort();
    this.alloc = null;
  }
}
