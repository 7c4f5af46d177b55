import type {LogEntry, Snapshot} from '../engine/snapshot.ts';

/** Kills this close together (simulated) make a burst worth a marker. */
const BURST_WINDOW_NS = 1_000_000_000;
const BURST_KILLS = 3;

/**
 * Turns the log entries a snapshot adds into recording markers at scenario moments: a camera
 * launch, a kill burst, a forced flush (OOM path or manual), a parameter change. Stateful: feed it
 * every snapshot in order; it remembers which log entries it has seen.
 */
export function createMomentTracker(): (snapshot: Snapshot) => string[] {
  let lastSeq = -1;
  const recentKills: number[] = [];
  let burstMarkedAt = -Infinity;
  return (snapshot) => {
    const fresh = snapshot.log.filter((e) => e.seq > lastSeq);
    if (fresh.length === 0) return [];
    lastSeq = fresh[fresh.length - 1]!.seq;
    const out: string[] = [];
    for (const e of fresh) {
      const label = labelOf(e);
      if (label) out.push(label);
      if (e.kind !== 'kill') continue;
      recentKills.push(e.tNs);
      while (recentKills.length > 0 && e.tNs - recentKills[0]! > BURST_WINDOW_NS) recentKills.shift();
      if (recentKills.length >= BURST_KILLS && e.tNs - burstMarkedAt > BURST_WINDOW_NS) {
        burstMarkedAt = e.tNs;
        out.push(`kill burst: ${recentKills.length} kills within 1 s`);
      }
    }
    return out;
  };
}

function labelOf(e: LogEntry): string | null {
  switch (e.kind) {
    case 'launch':
      return e.text;
    case 'oom':
      return `OOM path: ${e.text}`;
    case 'flush':
      return e.text.includes('manual') ? `forced flush: ${e.text}` : null;
    case 'param':
      return e.text;
    default:
      return null;
  }
}
