/**
 * The discrete-event core: a binary min-heap of events ordered by (time, priority, sequence), as in
 * SimPy. Events are plain data: a kind, two numbers and an optional string, kept in typed arrays
 * (struct of arrays, slots recycled) so that pushing and popping allocate nothing; the engine
 * dispatches them with one switch on the kind.
 */
const SEQ_RANGE = 2 ** 44;

export class EventQueue {
  private capacity = 256;
  private time = new Float64Array(this.capacity);
  /** priority · 2^44 + sequence: one comparison orders ties. */
  private order = new Float64Array(this.capacity);
  private kinds = new Uint8Array(this.capacity);
  private as = new Float64Array(this.capacity);
  private bs = new Float64Array(this.capacity);
  private objs: (string | null)[] = new Array<string | null>(this.capacity).fill(null);
  /** Heap of slot indices. */
  private heap = new Int32Array(this.capacity);
  private free = new Int32Array(this.capacity);
  private freeCount = 0;
  private used = 0;
  private n = 0;
  private nextSeq = 0;
  /** The last popped event (its priority and sequence are read from `key` when asked). */
  tNs = 0;
  private key = 0;
  kind = 0;
  a = 0;
  b = 0;
  obj: string | null = null;

  get size(): number {
    return this.n;
  }

  get priority(): number {
    return Math.floor(this.key / SEQ_RANGE);
  }

  get seq(): number {
    return this.key - this.priority * SEQ_RANGE;
  }

  push(tNs: number, priority: number, kind: number, a = 0, b = 0, obj: string | null = null): void {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.time[slot] = tNs;
    this.order[slot] = priority * SEQ_RANGE + this.nextSeq++;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    this.objs[slot] = obj;
    const heap = this.heap;
    const time = this.time;
    const order = this.order;
    const key = order[slot]!;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (time[p]! < tNs || (time[p] === tNs && order[p]! < key)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  peekTime(): number {
    return this.n > 0 ? this.time[this.heap[0]!]! : Infinity;
  }

  /** Removes the earliest event into tNs, priority, seq, kind, a, b, obj; false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** As `pop`, but only an event at or before `tNs`; false when there is none. */
  popUntil(tNs: number): boolean {
    if (this.n === 0 || this.time[this.heap[0]!]! > tNs) return false;
    const heap = this.heap;
    const time = this.time;
    const order = this.order;
    const top = heap[0]!;
    this.tNs = time[top]!;
    this.key = order[top]!;
    this.kind = this.kinds[top]!;
    this.a = this.as[top]!;
    this.b = this.bs[top]!;
    this.obj = this.objs[top]!;
    this.objs[top] = null;
    this.free[this.freeCount++] = top;
    const n = --this.n;
    if (n > 0) {
      const last = heap[n]!;
      const lt = time[last]!;
      const lk = order[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let ct = time[heap[l]!]!;
        let ck = order[heap[l]!]!;
        if (r < n) {
          const rt = time[heap[r]!]!;
          const rk = order[heap[r]!]!;
          if (rt < ct || (rt === ct && rk < ck)) {
            c = r;
            ct = rt;
            ck = rk;
          }
        }
        if (lt < ct || (lt === ct && lk < ck)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return true;
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
    this.time = grown(this.time, (n) => new Float64Array(n));
    this.order = grown(this.order, (n) => new Float64Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.as = grown(this.as, (n) => new Float64Array(n));
    this.bs = grown(this.bs, (n) => new Float64Array(n));
    this.heap = grown(this.heap, (n) => new Int32Array(n));
    this.free = grown(this.free, (n) => new Int32Array(n));
    this.objs.length = cap;
    this.objs.fill(null, this.capacity);
    this.capacity = cap;
  }
}
