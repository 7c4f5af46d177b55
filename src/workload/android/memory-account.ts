import {PAGE_SIZE} from '../../engine/engine.ts';
import type {AndroidWorld} from './world.ts';

const MB = 1024 * 1024;
const pagesOf = (mb: number): number => Math.max(0, Math.round((mb * MB) / PAGE_SIZE));

/** Where every page of RAM is (pages): free + file + anon + zram + kernel = total. */
export interface MemoryBreakdown {
  readonly total: number;
  readonly free: number;
  /** Page cache: the LRUs' unmapped pages plus the file pages live processes map. */
  readonly file: number;
  readonly fileActive: number;
  readonly fileInactive: number;
  /** Anonymous memory resident in RAM: services, apps (exiting ones included), the camera. */
  readonly anon: number;
  /** zram's compressed pool. */
  readonly zram: number;
  /** The kernel's own memory and the camera HAL's dma-buf buffers. */
  readonly kernel: number;
}

/**
 * Counts every category from its own state (processes' page tables, the page cache, zram, the
 * HAL), so that the sum checks the bookkeeping of all of them.
 */
export function memoryBreakdown(w: AndroidWorld): MemoryBreakdown {
  const e = w.engine;
  let anon = w.servicesPages;
  let mapped = 0;
  for (const p of e.procs.values()) {
    const m = w.maps.mappedOf(p.pid);
    mapped += m;
    anon += p.mm.rss - w.maps.unallocatedOf(p.pid) - m;
  }
  const pc = w.cache;
  const mappedInactive = w.maps.sizes().inactive;
  return {
    total: e.totalPages,
    free: e.freePages,
    file: pc.pages + mapped,
    fileActive: pc.activePages + mapped - mappedInactive,
    fileInactive: pc.inactivePages + mappedInactive,
    anon,
    zram: e.zramChargesRam ? Math.ceil(e.zramPages / e.device.zramRatio) : 0,
    kernel: w.kernelPages + w.camera.hal.heldPages,
  };
}

/**
 * The phone as the user left it: after the apps, the kernel and the services take their memory,
 * free memory is `initialFreeMB` and the page cache holds the rest. The services' hot files are on
 * the active list; the camera's files (last used two minutes ago) at the old end of the inactive
 * list, then data read once. When memory is tight, reclaim has already taken the oldest file pages:
 * the mapped files of apps longer in the background than the camera's files first, then the
 * camera's, then any app's, so that the services' hot files stay. What was evicted left shadow
 * entries (a read is a refault).
 */
export function settleInitialMemory(w: AndroidWorld): void {
  const e = w.engine;
  const k = w.k;
  const pc = w.cache;
  w.kernelPages = pagesOf(k.kernelMB);
  w.servicesPages = pagesOf(k.servicesMB);
  e.freePages -= w.kernelPages + w.servicesPages;
  const systemSet = pc.setPages[0]!;
  const cameraSet = pc.setPages[1]!;
  const order = w.reclaimOrder();
  let left = e.freePages - pagesOf(k.initialFreeMB);
  const evict = (pages: number, olderThanNs: number): void => {
    if (pages <= 0) return;
    const n = w.maps.reclaim(pages, olderThanNs, order);
    e.freePages += n;
    left += n;
  };
  evict(systemSet + cameraSet - left, CAMERA_LAST_USED_NS);
  evict(systemSet - left, Infinity);
  if (left < 0) e.log('info', `apps, services and the kernel need ${((-left * PAGE_SIZE) / MB).toFixed(0)} MB more than there is for ${k.initialFreeMB} MB free`);
  let cache = Math.max(0, left);
  e.freePages -= cache;
  const system = Math.min(cache, systemSet);
  cache -= system;
  const camera = Math.min(cache, cameraSet);
  cache -= camera;
  pc.preload('camera', 0, camera, cameraSet - camera, CAMERA_LAST_USED_NS);
  pc.preload('stream', 0, cache, 0, -60e9);
  pc.preload('system', system, 0, systemSet - system, 0);
}

/** The camera was last used this long before the run: its files' age in the page cache. */
const CAMERA_LAST_USED_NS = -120e9;

/** si_mem_available: free memory minus the reserves, plus the page cache the kernel could drop. */
export function availablePages(w: AndroidWorld): number {
  const e = w.engine;
  const cache = w.cache.pages + w.mappedFilePages();
  return e.freePages - e.highPages + cache - Math.min(cache / 2, e.lowPages);
}
