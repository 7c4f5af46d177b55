/**
 * The discrete-event core: a binary min-heap of events ordered by (time, priority, sequence),
 * as in SimPy. Events are plain data; the engine dispatches them with one switch.
 */
export interface QueuedEvent<E> {
  readonly tNs: number;
  readonly priority: number;
  readonly seq: number;
  readonly event: E;
}

function before<E>(a: QueuedEvent<E>, b: QueuedEvent<E>): boolean {
  if (a.tNs !== b.tNs) return a.tNs < b.tNs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class EventQueue<E> {
  private readonly heap: QueuedEvent<E>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(tNs: number, event: E, priority = 0): void {
    const item: QueuedEvent<E> = {tNs, priority, seq: this.nextSeq++, event};
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0]!.tNs : Infinity;
  }

  pop(): QueuedEvent<E> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}
