import type {Proc} from '../../engine/engine.ts';
import {NS_PER_S} from '../../engine/engine.ts';

/**
 * The process states ActivityManager gives apps, with their oom_score_adj (ProcessList.java):
 * FOREGROUND_APP_ADJ 0, VISIBLE_APP_ADJ 100, PERCEPTIBLE_APP_ADJ 200, PREVIOUS_APP_ADJ 700,
 * CACHED_APP_MIN_ADJ 900 … CACHED_APP_MAX_ADJ 999 (least recently used highest).
 */
export type AppState = 'foreground' | 'visible' | 'perceptible' | 'previous' | 'cached' | 'dead';

export const ADJ: Readonly<Record<Exclude<AppState, 'cached' | 'dead'>, number>> = {
  foreground: 0,
  visible: 100,
  perceptible: 200,
  previous: 700,
};
export const CACHED_MIN_ADJ = 900;
export const CACHED_MAX_ADJ = 999;

/** One installed app: its sizes are fixed per process lifetime, drawn again at each cold start. */
export interface App {
  readonly index: number;
  readonly name: string;
  state: AppState;
  proc: Proc | null;
  /** Anonymous memory of the running process, pages (resident + swapped). */
  anonPages: number;
  filePages: number;
  /** When it last left the foreground (its age in the background counts from here). */
  bgSinceNs: number;
  /** Pages of a launching process not allocated yet (the launch allocates them chunk by chunk). */
  unallocated: number;
  /** Never leaves its state (the perceptible music player, the visible IME). */
  readonly pinned: boolean;
}

/**
 * How far an app has aged into swap: the share of its anonymous memory that is cold enough for
 * reclaim, by time since it went to the background. Measured on an 8 GB phone (MODEL.md §4):
 * VmSwap share 31% → 57% → 64% → 65% at 0 / 1 / 5 / 15 minutes; linear between, flat after.
 */
export const AGING_CURVE: readonly (readonly [seconds: number, share: number])[] = [
  [0, 0.31],
  [60, 0.57],
  [300, 0.64],
  [900, 0.65],
];

/** The age past which the curve is flat, s. */
const AGED_S = AGING_CURVE[AGING_CURVE.length - 1]![0];

export function agedShare(ageNs: number): number {
  const s = Math.max(0, ageNs) / NS_PER_S;
  // Most background apps are older than the curve: its last share, without walking it.
  if (s > AGED_S) return AGING_CURVE[AGING_CURVE.length - 1]![1];
  // (Indexing, not destructuring: reclaim asks for every background app at every plan.)
  for (let i = 1; i < AGING_CURVE.length; i++) {
    const p1 = AGING_CURVE[i]!;
    const s1 = p1[0];
    if (s <= s1) {
      const p0 = AGING_CURVE[i - 1]!;
      const s0 = p0[0];
      const v0 = p0[1];
      return v0 + ((p1[1] - v0) * (s - s0)) / (s1 - s0);
    }
  }
  return AGING_CURVE[AGING_CURVE.length - 1]![1];
}

/**
 * Pages reclaim may still move to zram from this app: its aged share of anon (or, for direct
 * reclaim under pressure, at least `floorShare`: it then takes pages that are not cold yet) minus
 * what is already swapped.
 */
export function reclaimRoom(app: App, nowNs: number, floorShare = 0): number {
  const proc = app.proc;
  if (!proc || proc.state !== 'alive' || app.unallocated > 0) return 0;
  if (app.state !== 'cached' && app.state !== 'previous') return 0;
  const cap = Math.floor(Math.max(floorShare, agedShare(nowNs - app.bgSinceNs)) * app.anonPages);
  return Math.max(0, Math.min(cap - proc.mm.swapents, proc.mm.rss - app.filePages));
}

const NAMES = [
  'com.android.chrome', 'com.whatsapp', 'com.instagram.android', 'com.google.android.youtube',
  'com.facebook.katana', 'com.google.android.apps.maps', 'com.netflix.mediaclient', 'com.twitter.android',
  'com.zhiliaoapp.musically', 'com.google.android.gm', 'com.amazon.mShop.android.shopping', 'org.telegram.messenger',
  'com.snapchat.android', 'com.discord', 'com.reddit.frontpage', 'com.ubercab', 'com.duolingo', 'com.microsoft.teams',
  'com.pinterest', 'com.linkedin.android', 'com.google.android.apps.photos', 'com.king.candycrushsaga', 'com.tencent.mm',
  'com.booking', 'com.airbnb.android', 'com.shazam.android', 'com.google.android.keep', 'com.dropbox.android',
  'com.slack', 'com.google.android.calendar', 'com.google.android.apps.docs', 'com.ebay.mobile', 'com.paypal.android.p2pmobile',
  'com.tinder', 'com.viber.voip', 'com.skype.raider', 'com.waze', 'com.yelp.android', 'com.imdb.mobile', 'com.audible.application',
];

/** The name of installed app i (apps past the list get a numbered twin). */
export function installedAppName(i: number): string {
  const base = NAMES[i % NAMES.length]!;
  return i < NAMES.length ? base : `${base}.${Math.floor(i / NAMES.length)}`;
}

export const CAMERA_APP = 'com.google.android.GoogleCamera';
export const PERCEPTIBLE_APP = 'com.spotify.music';
export const VISIBLE_APP = 'com.google.android.inputmethod.latin';

/**
 * The cached LRU: most recently used first. Android hands out cached adj by LRU position, the
 * least recently used getting the highest (lmkd kills it first).
 */
export function assignCachedAdj(lru: readonly App[]): void {
  const n = lru.length;
  for (let i = 0; i < n; i++) {
    const adj = n === 1 ? CACHED_MIN_ADJ : CACHED_MIN_ADJ + Math.round(((CACHED_MAX_ADJ - CACHED_MIN_ADJ) * i) / (n - 1));
    const proc = lru[i]!.proc;
    if (proc) proc.oomScoreAdj = adj;
  }
}
