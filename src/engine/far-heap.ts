/**
 * The event queue's far events (event-queue.ts): a plain binary min-heap of (time, order key,
 * slot), apart from the near heap so that events nobody will reach do not deepen it.
 */

/**
 * Events this far past the last refill wait in the far heap. A spinner's or an endless segment's
 * completion lies around 10^15 ns; before re-plans took their events back, thousands of these,
 * never reached, made the heap five or six levels deeper for every event. The near heap is
 * refilled from the far one when it runs dry. Order and pops are unchanged.
 */
export const FAR_HORIZON_NS = 2 ** 40;
/** A copy of `old` in a typed array of length `cap`. */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(old: T, cap: number): T {
  const next = new (old.constructor as new (n: number) => T)(cap);
  next.set(old);
  return next;
}

export class FarHeap {
  time = new Float64Array(64);
  order = new Float64Array(64);
  slot = new Int32Array(64);
  n = 0;

  push(slot: number, tNs: number, key: number): void {
    if (this.n === this.time.length) {
      this.time = grown(this.time, 2 * this.n);
      this.order = grown(this.order, 2 * this.n);
      this.slot = grown(this.slot, 2 * this.n);
    }
    const {time, order, slot: slots} = this;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      if (pt < tNs || (pt === tNs && order[parent]! < key)) break;
      time[i] = pt;
      order[i] = order[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    time[i] = tNs;
    order[i] = key;
    slots[i] = slot;
  }

  /** Keeps only the events whose slot `keep` accepts (the heap is rebuilt). */
  filter(keep: (slot: number) => boolean): void {
    const {time, order, slot} = this;
    const n = this.n;
    this.n = 0;
    for (let i = 0; i < n; i++) if (keep(slot[i]!)) this.push(slot[i]!, time[i]!, order[i]!);
  }

  /** Removes the root (read it first). */
  pop(): void {
    const {time, order, slot: slots} = this;
    const n = --this.n;
    if (n === 0) return;
    const lt = time[n]!;
    const lk = order[n]!;
    const ls = slots[n]!;
    let i = 0;
    for (let l = 1; l < n; l = 2 * i + 1) {
      let c = l;
      if (l + 1 < n && (time[l + 1]! < time[l]! || (time[l + 1]! === time[l]! && order[l + 1]! < order[l]!))) c = l + 1;
      if (lt < time[c]! || (lt === time[c]! && lk < order[c]!)) break;
      time[i] = time[c]!;
      order[i] = order[c]!;
      slots[i] = slots[c]!;
      i = c;
    }
    time[i] = lt;
    order[i] = lk;
    slots[i] = ls;
  }
}
