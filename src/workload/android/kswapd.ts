import type {Thread} from '../../engine/cpu.ts';
import {NO_PLAN, type AllocWait, type ReclaimPlan} from './memory.ts';
import type {Actor, AndroidWorld} from './world.ts';

/**
 * kswapd0: woken when free memory falls below the low watermark, it reclaims file pages from the
 * tail of the inactive list and cold anon pages of background apps into zram (Memory.plan balances
 * the two), chunk by chunk (each chunk one segment of CPU work), until free memory is above the
 * high watermark, or until nothing is left to reclaim (it then sleeps until the next wake-up; the
 * allocators go on to direct reclaim). The stalls PSI sees are the allocators' (direct reclaim,
 * refaults and waiting for memory), not kswapd's own work.
 */
export class Kswapd implements Actor {
  readonly thread: Thread;
  wait: AllocWait | null = null;
  running = false;
  /** Between wake-up and sleep. */
  active = false;
  private planned: ReclaimPlan = NO_PLAN;
  wakeups = 0;
  /** Times kswapd went to sleep with free memory still below high: nothing left to reclaim. */
  failures = 0;

  constructor(private readonly w: AndroidWorld) {
    this.thread = w.engine.sched.createThread('world', 0, 'kswapd0', 0);
  }

  /** wakeup_kswapd: from an allocation that left free memory below the low watermark. */
  wake(): void {
    if (this.active || this.w.engine.freePages >= this.w.engine.lowPages) return;
    this.wakeups++;
    this.next();
  }

  segmentDone(): void {
    this.w.reclaim.run(this.planned);
    this.planned = NO_PLAN;
    this.next();
  }

  private next(): void {
    const e = this.w.engine;
    if (e.freePages > e.highPages) {
      this.stop();
      return;
    }
    const plan = this.w.reclaim.plan(this.w.kswapdChunkPages, false);
    if (plan.file + plan.anon === 0) {
      this.failures++;
      this.stop();
      return;
    }
    this.planned = plan;
    this.active = true;
    this.w.run(this, this.w.reclaim.planNs(plan));
  }

  private stop(): void {
    this.w.sleep(this);
    this.active = false;
  }
}
