/**
 * The event queue's far events (event-queue.ts): a plain binary min-heap of (time, order key,
 * slot), apart from the near heap so that events nobody will reach do not deepen it.
 */
export class FarHeap {
  time = new Float64Array(64);
  order = new Float64Array(64);
  slot = new Int32Array(64);
  n = 0;

  push(slot: number, tNs: number, key: number): void {
    if (this.n === this.time.length) this.grow();
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

  private grow(): void {
    const cap = this.time.length * 2;
    const time = new Float64Array(cap);
    const order = new Float64Array(cap);
    const slot = new Int32Array(cap);
    time.set(this.time);
    order.set(this.order);
    slot.set(this.slot);
    this.time = time;
    this.order = order;
    this.slot = slot;
  }
}
