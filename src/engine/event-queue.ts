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
  /** The last popped event (its priority and sequence are read from `key` when asked). */
  tNs = DOUBLE_ZERO;
  private key = DOUBLE_ZERO;
  kind = 0;
  a = DOUBLE_ZERO;
  b = DOUBLE_ZERO;
  obj: string | null = null;

  get size(): number {
    return this.n + (this.frontSlot >= 0 ? 1 : 0);
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
    return this.n > 0 ? this.heapTime[0]! : Infinity;
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
    const time = this.heapTime;
    if (this.n === 0 || time[0]! > tNs) return false;
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
