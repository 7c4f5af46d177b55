import type {Engine, Workload} from '../engine/engine.ts';
import {NS_PER_MS, PAGE_SIZE} from '../engine/engine.ts';

export interface KillBurstKnobs {
  /** Cached apps killed in the burst. */
  readonly apps: number;
  readonly swapMBMin: number;
  readonly swapMBMax: number;
  /** Resident anon + file pages of each app, MB. */
  readonly rssMBMin: number;
  readonly rssMBMax: number;
  /** Kills are spread over this window… */
  readonly windowMs: number;
  /** …which starts here. */
  readonly startMs: number;
  /** Mean swap run length in an aged app (swap_pte_batch). */
  readonly meanRunEntries: number;
}

const MB = 1024 * 1024;
const APP_NAMES = [
  'com.android.chrome', 'com.whatsapp', 'com.instagram.android', 'com.google.android.youtube', 'com.spotify.music',
  'com.facebook.katana', 'com.google.android.apps.maps', 'com.netflix.mediaclient', 'com.twitter.android', 'com.zhiliaoapp.musically',
  'com.google.android.gm', 'com.amazon.mShop.android.shopping', 'org.telegram.messenger', 'com.snapchat.android', 'com.discord',
  'com.reddit.frontpage', 'com.ubercab', 'com.duolingo', 'com.microsoft.teams', 'com.pinterest', 'com.linkedin.android',
  'com.google.android.apps.photos', 'com.king.candycrushsaga', 'com.tencent.mm', 'com.booking', 'com.airbnb.android',
  'com.shazam.android', 'com.google.android.keep', 'com.dropbox.android', 'com.slack',
];

export function appName(i: number): string {
  const base = APP_NAMES[i % APP_NAMES.length]!;
  return i < APP_NAMES.length ? base : `${base}:${Math.floor(i / APP_NAMES.length)}`;
}

/**
 * A dozen swap-heavy cached apps killed within a second, on an otherwise quiet system: the
 * simplest workload the policies act on.
 */
export function killBurst(k: KillBurstKnobs): Workload {
  return {
    name: 'kill-burst',
    init(engine: Engine): void {
      const rng = engine.rng.apps;
      const kills = engine.rng.kills;
      const pages = (mb: number): number => Math.round((mb * MB) / PAGE_SIZE);
      const times: number[] = [];
      for (let i = 0; i < k.apps; i++) times.push(k.startMs * NS_PER_MS + Math.round(kills.float() * k.windowMs * NS_PER_MS));
      times.sort((a, b) => a - b);
      for (let i = 0; i < k.apps; i++) {
        const proc = engine.spawn({
          comm: appName(i),
          // Cached apps: 900–999, least recently used highest; lmkd kills those first.
          oomScoreAdj: 999 - Math.min(99, Math.floor((i * 100) / Math.max(1, k.apps))),
          presentPages: pages(rng.between(k.rssMBMin, k.rssMBMax)),
          swapEntries: pages(rng.between(k.swapMBMin, k.swapMBMax)),
          meanRunEntries: k.meanRunEntries,
        });
        engine.scheduleKill(times[i]!, proc.pid, 'kill-burst');
      }
    },
  };
}
