import type {Thread} from '../../engine/cpu.ts';
import {Launch, type Budget} from './launch.ts';
import type {AndroidWorld} from './world.ts';

/**
 * The camera HAL's buffers (cameraserver and the camera provider, from the dma-buf heaps). While
 * the camera launches, configure_streams allocates the stream buffers on the HAL's thread (paced
 * over a phase, chunk by chunk through the page allocator, so it stalls in direct reclaim like
 * anyone); the first frame cannot be shown before they exist. The capture session's buffers (the
 * zero-shutter-lag and RAW rings, HDR and ML pipeline buffers) are allocated as the first capture
 * requests need them (HAL buffer management, `requestStreamBuffers`, or buffers dequeued for the
 * first time), that is on the preview frames' own path: `lazy` pages the frames take (frames.ts).
 * The HAL holds everything until the camera closes. Its CPU time is a service's.
 */
export class CameraHal implements Budget {
  readonly thread: Thread;
  /** Pages allocated and held, and still to allocate in the configure phase. */
  heldPages = 0;
  leftPages = 0;
  /** Pages of the capture session still to be allocated on the frames' path. */
  lazyPages = 0;
  private alloc: Launch | null = null;

  constructor(private readonly w: AndroidWorld) {
    this.thread = w.engine.sched.createThread('world', 0, 'camera.provider', -20);
  }

  /** configure_streams is done: no stream buffer left to allocate on the HAL's thread. */
  get configured(): boolean {
    return this.alloc === null && this.leftPages <= 0;
  }

  /**
   * configure_streams: allocate `pages` over `overNs`, starting `delayNs` from now; `done` runs when
   * the last of them is allocated.
   */
  configure(pages: number, overNs: number, delayNs: number, done: () => void): void {
    this.stop();
    this.leftPages += pages;
    if (this.leftPages <= 0) {
      done();
      return;
    }
    const launch = new Launch(this.w, this.thread, null, 0, overNs, () => {
      if (this.alloc !== launch) return;
      this.alloc = null;
      done();
    }, this);
    this.alloc = launch;
    launch.start(delayNs);
  }

  /** The capture session will need `pages` more, allocated as frames request them. */
  expect(pages: number): void {
    this.lazyPages += Math.max(0, pages);
  }

  /** A frame's request allocated `pages` of the session's buffers. */
  takeLazy(pages: number): void {
    this.lazyPages -= pages;
    this.heldPages += pages;
  }

  // Budget: what the configure pacer allocates goes to the HAL's buffers.
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
    this.lazyPages = 0;
    this.w.engine.freePages += this.heldPages;
    this.heldPages = 0;
  }

  private stop(): void {
    if (!this.alloc) return;
    this.alloc.abort();
    this.alloc = null;
  }
}
