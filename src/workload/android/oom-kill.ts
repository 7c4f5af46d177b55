import {prepareKill} from './app-states.ts';
import type {App} from './apps.ts';
import type {AndroidWorld} from './world.ts';

/** The kernel OOM killer (oom_badness): the largest process, weighted by oom_score_adj. */
export function oomKill(w: AndroidWorld): void {
  if (w.quiet) return;
  const e = w.engine;
  let best: App | null = null;
  let bestScore = -Infinity;
  for (const app of w.apps) {
    const p = app.proc;
    if (!p || p.state !== 'alive') continue;
    const score = p.mm.rss + p.mm.swapents + (p.oomScoreAdj * e.totalPages) / 1000;
    if (score > bestScore) {
      best = app;
      bestScore = score;
    }
  }
  if (!best) return;
  const proc = best.proc!;
  w.oomKills++;
  e.log('oom', `Out of memory: Killed process ${proc.pid} (${proc.comm}) oom_score_adj ${proc.oomScoreAdj}`);
  prepareKill(w, best, false);
  e.kill(proc.pid, 'oom-kill');
}
