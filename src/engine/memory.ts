import type {Device} from './devices.ts';
import {DOUBLE_ZERO, PAGE_SIZE} from './units.ts';

/**
 * Free memory against the zone watermarks, the swap slots in use and zram's store. A swap entry
 * holds a swap slot (what the swap allocator sees) and a zram object (memory); most policies free
 * both at once, some free the slot first and the zram object later.
 */
export class Memory {
  readonly totalPages: number;
  readonly minPages: number;
  readonly lowPages: number;
  readonly highPages: number;
  readonly swapTotalPages: number;
  private free = DOUBLE_ZERO;
  freeMinPages = Infinity;
  /** Pages stored in zram (orig_data_size / PAGE_SIZE), entries whose zram object is not freed yet included. */
  zramPages = 0;
  zramPeakPages = 0;
  /** Swap slots allocated (the swap allocator's view: si->inuse_pages). */
  swapUsedPages = 0;
  /**
   * zram's compressed pool is charged to free memory (a world with memory pressure turns this on
   * before it spawns anything): compressing a page then frees only 1 − 1/zramRatio of it, and the
   * pool shrinks back only when a zram object is really freed.
   */
  zramChargesRam = false;
  private zramChargedPages = 0;
  /** The workload hears of every change of free memory (a stalled allocation may proceed). */
  onFreeChanged: ((deltaPages: number) => void) | null = null;

  constructor(private readonly device: Device) {
    const d = device;
    this.totalPages = Math.round((d.ramMB * 1024 * 1024) / PAGE_SIZE);
    this.freePages = this.totalPages;
    // __setup_per_zone_wmarks: low = min + max(min/4, managed · watermark_scale_factor / 10000).
    this.minPages = Math.round((d.minFreeKbytes * 1024) / PAGE_SIZE);
    const gap = Math.max(this.minPages / 4, (this.totalPages * d.watermarkScaleFactor) / 10_000);
    this.lowPages = Math.round(this.minPages + gap);
    this.highPages = Math.round(this.minPages + 2 * gap);
    this.swapTotalPages = Math.round((d.zramDiskMB * 1024 * 1024) / PAGE_SIZE);
  }

  get freePages(): number {
    return this.free;
  }

  set freePages(pages: number) {
    const delta = pages - this.free;
    this.free = pages;
    if (pages < this.freeMinPages) this.freeMinPages = pages;
    if (delta !== 0) this.onFreeChanged?.(delta);
  }

  /** Pages swapped out into zram: a slot each and a zram object each. */
  addSwap(pages: number): void {
    this.swapUsedPages += pages;
    this.zramPages += pages;
    if (this.zramPages > this.zramPeakPages) this.zramPeakPages = this.zramPages;
    this.chargeZram();
  }

  /** Swap slots freed (swap_range_free). */
  freeSlots(pages: number): void {
    this.swapUsedPages -= pages;
  }

  /** zram objects freed (zs_free). */
  freeZram(pages: number): void {
    this.zramPages -= pages;
    this.chargeZram();
  }

  /** zram's compressed bytes for `pages` (a whole number of bytes, as mm_stat's compr_data_size). */
  zramBytes(pages = this.zramPages): number {
    return Math.round((pages * PAGE_SIZE) / this.device.zramRatio);
  }

  /** Keeps free memory net of zram's compressed pool when `zramChargesRam` is on. */
  private chargeZram(): void {
    if (!this.zramChargesRam) return;
    const pool = Math.ceil(this.zramPages / this.device.zramRatio);
    if (pool === this.zramChargedPages) return;
    this.freePages -= pool - this.zramChargedPages;
    this.zramChargedPages = pool;
  }
}
