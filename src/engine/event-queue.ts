import {FAR_HORIZON_NS, FarHeap, grown} from './far-heap.ts';
import {DOUBLE_ZERO} from './units.ts';

/**
 * The discrete-event core: a binary min-heap of events ordered by (time, priority, sequence), as in
 * SimPy. Events are plain data: a kind, two numbers and an optional string, kept in typed arrays
 * (struct of arrays, slots recycled) so that pushing and popping allocate nothing; the engine
 * dispatches them with one switch on the kind. An event earlier than everything in the heap waits
 * beside it (`front`): the next event is often the one just scheduled, and it then never enters
 * the heap. The order of pops is the same.
 *
 * A pushed event can be cancelled (`push` returns its handle): a CPU whose completion time moved
 * takes its pending event back rather than leave it to fire for nothing.
 */
const SEQ_RANGE = 2 ** 44;
const IN_FRONT = -1;
const IN_FAR = -2;
const NOWHERE = -3;

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
  /** Where each slot's event is: its index in the heap, or IN_FRONT, IN_FAR, NOWHERE. */
  private where = new Int32Array(this.capacity);
  /** Far events cancelled, dropped when they come near (`farCancelled` of them). */
  private cancelled = new Uint8Array(this.capacity);
  private farCancelled = 0;
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
    return this.n + (this.frontSlot >= 0 ? 1 : 0) + this.far.n - this.farCancelled;
  }

  get priority(): number {
    return Math.floor(this.key / SEQ_RANGE);
  }

  get seq(): number {
    return this.key - this.priority * SEQ_RANGE;
  }

  /** Schedules an event; returns its handle (valid until it is popped or cancelled). */
  push(tNs: number, priority: number, kind: number, a = 0, b = 0, obj: string | null = null): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    this.objs[slot] = obj;
    const key = priority * SEQ_RANGE + this.nextSeq++;
    if (tNs >= this.bound) {
      this.far.push(slot, tNs, key);
      this.where[slot] = IN_FAR;
      return slot;
    }
    if (this.frontSlot < 0) {
      // The front is free: the event waits there if it comes before the heap's earliest.
      const time = this.heapTime;
      if (this.n === 0 || tNs < time[0]! || (tNs === time[0]! && key < this.heapOrder[0]!)) {
        this.setFront(slot, tNs, key);
        return slot;
      }
    } else if (tNs < this.frontTime || (tNs === this.frontTime && key < this.frontOrder)) {
      // Earlier than the front: the front goes into the heap (it is still before all of it).
      this.heapPush(this.frontSlot, this.frontTime, this.frontOrder);
      this.setFront(slot, tNs, key);
      return slot;
    }
    this.heapPush(slot, tNs, key);
    return slot;
  }

  /** Removes a pending event (by the handle `push` returned). */
  cancel(slot: number): void {
    const at = this.where[slot]!;
    if (at === IN_FAR) {
      this.cancelled[slot] = 1;
      // Mostly cancelled (a spinner re-planned for ever): the far heap drops them.
      if (++this.farCancelled > 64 && 2 * this.farCancelled > this.far.n) this.compactFar();
      return;
    }
    this.release(slot);
    if (at === IN_FRONT) {
      this.frontSlot = -1;
      return;
    }
    // The heap's last event takes its place, and climbs or sinks from there.
    const n = --this.n;
    if (at === n) return;
    const time = this.heapTime;
    const order = this.heapOrder;
    const slots = this.heapSlot;
    const lt = time[n]!;
    const lk = order[n]!;
    const parent = (at - 1) >> 1;
    if (at > 0 && (lt < time[parent]! || (lt === time[parent]! && lk < order[parent]!))) this.siftUp(at, slots[n]!, lt, lk);
    else this.siftDown(at, slots[n]!, lt, lk, n);
  }

  private compactFar(): void {
    this.far.filter((slot) => {
      if (this.cancelled[slot] === 0) return true;
      this.cancelled[slot] = 0;
      this.release(slot);
      return false;
    });
    this.farCancelled = 0;
  }

  private release(slot: number): void {
    this.where[slot] = NOWHERE;
    this.objs[slot] = null;
    this.free[this.freeCount++] = slot;
  }

  private setFront(slot: number, tNs: number, key: number): void {
    this.where[slot] = IN_FRONT;
    this.frontSlot = slot;
    this.frontTime = tNs;
    this.frontOrder = key;
  }

  private heapPush(slot: number, tNs: number, key: number): void {
    this.siftUp(this.n++, slot, tNs, key);
  }

  /** Puts the event into the hole at `i`, climbing towards the root. */
  private siftUp(i: number, slot: number, tNs: number, key: number): void {
    const time = this.heapTime;
    const order = this.heapOrder;
    const slots = this.heapSlot;
    const where = this.where;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      if (pt < tNs || (pt === tNs && order[parent]! < key)) break;
      time[i] = pt;
      order[i] = order[parent]!;
      where[(slots[i] = slots[parent]!)] = i;
      i = parent;
    }
    time[i] = tNs;
    order[i] = key;
    slots[i] = slot;
    where[slot] = i;
  }

  /** Puts the event into the hole at `i` of a heap of `n`, sinking towards the leaves. */
  private siftDown(i: number, slot: number, tNs: number, key: number, n: number): void {
    const time = this.heapTime;
    const order = this.heapOrder;
    const slots = this.heapSlot;
    const where = this.where;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      let ct = time[l]!;
      let ck = order[l]!;
      if (l + 1 < n) {
        const rt = time[l + 1]!;
        const rk = order[l + 1]!;
        if (rt < ct || (rt === ct && rk < ck)) {
          c = l + 1;
          ct = rt;
          ck = rk;
        }
      }
      if (tNs < ct || (tNs === ct && key < ck)) break;
      time[i] = ct;
      order[i] = ck;
      where[(slots[i] = slots[c]!)] = i;
      i = c;
    }
    time[i] = tNs;
    order[i] = key;
    slots[i] = slot;
    where[slot] = i;
  }

  peekTime(): number {
    if (this.frontSlot >= 0) return this.frontTime;
    while (this.n === 0 && this.far.n > 0) this.refill();
    return this.n > 0 ? this.heapTime[0]! : Infinity;
  }

  /** The near events are all gone: the bound moves one horizon past the earliest far event, and the far events before it come near. */
  private refill(): void {
    const far = this.far;
    this.bound = far.time[0]! + this.horizonNs;
    while (far.n > 0 && far.time[0]! < this.bound) {
      const slot = far.slot[0]!;
      if (this.cancelled[slot] === 1) {
        this.cancelled[slot] = 0;
        this.farCancelled--;
        this.release(slot);
      } else this.heapPush(slot, far.time[0]!, far.order[0]!);
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
    // (A refill may bring only cancelled events.)
    while (this.n === 0) {
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
    if (n > 0) this.siftDown(0, slots[n]!, time[n]!, order[n]!, n);
    return true;
  }

  /** The popped event's data out of its slot, and the slot back to the free list. */
  private take(slot: number): void {
    this.kind = this.kinds[slot]!;
    this.a = this.as[slot]!;
    this.b = this.bs[slot]!;
    this.obj = this.objs[slot]!;
    this.release(slot);
  }

  private newSlot(): number {
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.heapTime = grown(this.heapTime, cap);
    this.heapOrder = grown(this.heapOrder, cap);
    this.heapSlot = grown(this.heapSlot, cap);
    this.kinds = grown(this.kinds, cap);
    this.as = grown(this.as, cap);
    this.bs = grown(this.bs, cap);
    this.free = grown(this.free, cap);
    this.where = grown(this.where, cap);
    this.cancelled = grown(this.cancelled, cap);
    this.objs.length = cap;
    this.objs.fill(null, this.capacity);
    this.capacity = cap;
  }
}
