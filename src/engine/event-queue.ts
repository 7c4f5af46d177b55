import {DOUBLE_ZERO} from './units.ts';

/**
 * The discrete-event core: a binary min-heap of events ordered by (time, priority, sequence), as in
 * SimPy. Events are plain data: a kind, two numbers and an optional string, kept in typed arrays
 * (struct of arrays, slots recycled) so that pushing and popping allocate nothing; the engine
 * dispatches them with one switch on the kind. An event earlier than everything in the heap waits
 * beside it (`front`): the next event is often the one just scheduled, and it then never enters
 * the heap. The order of pops is the same.
 */
const SEQ_RANGE = 2 ** 44;
/**
 * Events this far past the last refill wait in a second heap (`far`). A thread given an endless
 * segment is re-planned at every change of its CPU's load, and each re-plan leaves the previous
 * event behind, stale, around 10^15 ns: thousands of them, never reached, made the heap five or six
 * levels deeper for every event. Apart, they cost a push each. Order and pops are unchanged.
 */
export const FAR_HORIZON_NS = 2 ** 40;

/** The far events: a plain binary min-heap of (time, order key, slot). */
class FarHeap {
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

export class EventQueue {
  private capacity = 256;
  /**
   * The heap, in heap order: each position holds its event's time and order key (priority · 2^44
   * + sequence: one comparison orders ties) beside its slot, so that sifting compares without
   * looking anything up.
   */
  private heapTime = new Float64Array(this.capacity);
  private heapOrder = new Float64Array(this.capacity);
  private heapSlot = new Int32Array(this.capacity);
  /** Event data by slot (slots recycled). */
  private kinds = new Uint8Array(this.capacity);
  private as = new Float64Array(this.capacity);
  private bs = new Float64Array(this.capacity);
  private objs: (string | null)[] = new Array<string | null>(this.capacity).fill(null);
  private free = new Int32Array(this.capacity);
  private freeCount = 0;
  private used = 0;
  /** Heap size. */
  private n = 0;
  /** The front event, earlier than every event in the heap (slot −1: none). */
  private frontSlot = -1;
  private frontTime = DOUBLE_ZERO;
  private frontOrder = DOUBLE_ZERO;
  private nextSeq = 0;
  /** Events at or after `bound` are in `far`, every other one is before it. */
  private readonly far = new FarHeap();
  private bound: number;
  /** The last popped event (its priority and sequence are read from `key` when asked). */
  tNs = DOUBLE_ZERO;
  private key = DOUBLE_ZERO;
  kind = 0;
  a = DOUBLE_ZERO;
  b = DOUBLE_ZERO;
  obj: string | null = null;

  constructor(private readonly horizonNs = FAR_HORIZON_NS) {
    this.bound = horizonNs;
  }

  get size(): number {
    return this.n + (this.frontSlot >= 0 ? 1 : 0) + this.far.n;
  }

  get priority(): number {
    return Math.floor(this.key / SEQ_RANGE);
  }

  get seq(): number {
    return this.key - this.priority * SEQ_RANGE;
  }

  push(tNs: number, priority: number, kind: number, a = 0, b = 0, obj: string | null = null): void {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    this.objs[slot] = obj;
    const key = priority * SEQ_RANGE + this.nextSeq++;
    if (tNs >= this.bound) {
      this.far.push(slot, tNs, key);
      return;
    }
    if (this.frontSlot < 0) {
      // The front is free: the event waits there if it comes before the heap's earliest.
      const time = this.heapTime;
      if (this.n === 0 || tNs < time[0]! || (tNs === time[0]! && key < this.heapOrder[0]!)) {
        this.setFront(slot, tNs, key);
        return;
      }
    } else if (tNs < this.frontTime || (tNs === this.frontTime && key < this.frontOrder)) {
      // Earlier than the front: the front goes into the heap (it is still before all of it).
      this.heapPush(this.frontSlot, this.frontTime, this.frontOrder);
      this.setFront(slot, tNs, key);
      return;
    }
    this.heapPush(slot, tNs, key);
  }

  private setFront(slot: number, tNs: number, key: number): void {
    this.frontSlot = slot;
    this.frontTime = tNs;
    this.frontOrder = key;
  }

  private heapPush(slot: number, tNs: number, key: number): void {
    const time = this.heapTime;
    const order = this.heapOrder;
    const slots = this.heapSlot;
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

  peekTime(): number {
    if (this.frontSlot >= 0) return this.frontTime;
    if (this.n > 0) return this.heapTime[0]!;
    return this.far.n > 0 ? this.far.time[0]! : Infinity;
  }

  /** The near events are all gone: the bound moves one horizon past the earliest far event, and the far events before it come near. */
  private refill(): void {
    const far = this.far;
    this.bound = far.time[0]! + this.horizonNs;
    while (far.n > 0 && far.time[0]! < this.bound) {
      this.heapPush(far.slot[0]!, far.time[0]!, far.order[0]!);
      far.pop();
    }
  }

  /** Removes the earliest event into tNs, priority, seq, kind, a, b, obj; false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** As `pop`, but only an event at or before `tNs`; false when there is none. */
  popUntil(tNs: number): boolean {
    const front = this.frontSlot;
    if (front >= 0) {
      if (this.frontTime > tNs) return false;
      this.frontSlot = -1;
      this.tNs = this.frontTime;
      this.key = this.frontOrder;
      this.take(front);
      return true;
    }
    if (this.n === 0) {
      if (this.far.n === 0 || this.far.time[0]! > tNs) return false;
      this.refill();
    }
    const time = this.heapTime;
    if (time[0]! > tNs) return false;
    const order = this.heapOrder;
    const slots = this.heapSlot;
    const top = slots[0]!;
    this.tNs = time[0]!;
    this.key = order[0]!;
    this.take(top);
    const n = --this.n;
    if (n > 0) {
      // Sift the last event down from the root.
      const lt = time[n]!;
      const lk = order[n]!;
      const ls = slots[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let ct = time[l]!;
        let ck = order[l]!;
        if (r < n) {
          const rt = time[r]!;
          const rk = order[r]!;
          if (rt < ct || (rt === ct && rk < ck)) {
            c = r;
            ct = rt;
            ck = rk;
          }
        }
        if (lt < ct || (lt === ct && lk < ck)) break;
        time[i] = ct;
        order[i] = ck;
        slots[i] = slots[c]!;
        i = c;
      }
      time[i] = lt;
      order[i] = lk;
      slots[i] = ls;
    }
    return true;
  }

  /** The popped event's data out of its slot, and the slot back to the free list. */
  private take(slot: number): void {
    this.kind = this.kinds[slot]!;
    this.a = this.as[slot]!;
    this.b = this.bs[slot]!;
    this.obj = this.objs[slot]!;
    this.objs[slot] = null;
    this.free[this.freeCount++] = slot;
  }

  private newSlot(): number {
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.heapTime = grown(this.heapTime, (n) => new Float64Array(n));
    this.heapOrder = grown(this.heapOrder, (n) => new Float64Array(n));
    this.heapSlot = grown(this.heapSlot, (n) => new Int32Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.as = grown(this.as, (n) => new Float64Array(n));
    this.bs = grown(this.bs, (n) => new Float64Array(n));
    this.free = grown(this.free, (n) => new Int32Array(n));
    this.objs.length = cap;
    this.objs.fill(null, this.capacity);
    this.capacity = cap;
  }
}
