/** Number and text formatting shared by the panels. Pure, width-aware, no colour. */

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** 512 MB, 1.25 GB; kernel-ish binary units, short enough for 80 columns. */
export function fmtBytes(bytes: number): string {
  if (bytes >= 10 * GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= GB) return `${(bytes / GB).toFixed(2)} GB`;
  if (bytes >= 10 * MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** 987, 12.3k, 4.56M: counters that grow fast. */
export function fmtCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(a >= 1e5 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** Milliseconds with a precision that matches their size; null reads "–". */
export function fmtMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Simulated clock as m:ss.mmm; millisecond resolution so a running clock visibly moves. */
export function fmtClock(nowNs: number): string {
  const totalMs = Math.floor(nowNs / 1e6);
  const m = Math.floor(totalMs / 60_000);
  const s = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  return `${m}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}

/** Log timestamps: seconds with milliseconds. */
export function fmtSeconds(ns: number): string {
  return (ns / 1e9).toFixed(3);
}

/** 0.1×, 0.25×, 1×, 20×. */
export function fmtSpeed(speed: number): string {
  return `${Number(speed.toPrecision(3))}×`;
}

export function fmtPct(pct: number): string {
  return `${Math.round(pct)}%`;
}

/** A signed difference: +12 ms, −3.4 ms (a real minus sign, it reads better in a table). */
export function fmtDeltaMs(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${fmtMs(Math.abs(ms))}`;
}

/** htop's Mem meter style: 812M, 5.21G, 11.8G. */
export function fmtShortBytes(bytes: number): string {
  if (bytes >= 10 * GB) return `${(bytes / GB).toFixed(1)}G`;
  if (bytes >= GB) return `${(bytes / GB).toFixed(2)}G`;
  if (bytes >= MB) return `${Math.round(bytes / MB)}M`;
  return `${Math.round(bytes / 1024)}K`;
}

/** Package name parts that say nothing about which app it is. */
const GENERIC_PARTS: ReadonlySet<string> = new Set(['com', 'org', 'net', 'tv', 'android', 'google', 'apps', 'app', 'mobile']);

/**
 * A package name without the parts every package has: `com.google.android.youtube` → `youtube`,
 * `com.instagram.android` → `instagram`, `com.spotify.music` → `spotify.music`.
 */
export function shortApp(name: string): string {
  const parts = name.split('.').filter((p) => p !== '' && !GENERIC_PARTS.has(p));
  return parts.length > 0 && name.includes('.') ? parts.join('.') : name;
}

/**
 * An app name in `width` cells: whole if it fits, else its short name (`spotify.music`), else the
 * brand, its first telling part (`netflix` of `com.netflix.mediaclient`, `facebook` of
 * `com.facebook.katana`), else the last part, else the short name cut from the left where the
 * telling part of a package name usually is (`…candycrushsaga`, then `…ushsaga`).
 */
export function cutLeft(name: string, width: number): string {
  if (width <= 0) return '';
  if (name.length <= width) return name;
  if (width === 1) return '…';
  const short = shortApp(name);
  if (short.length <= width) return short;
  const parts = short.split('.');
  for (const part of [parts[0]!, parts.at(-1)!]) if (part.length <= width) return part;
  return `…${short.slice(short.length - (width - 1))}`;
}

/** Cuts `text` to `width` cells, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** A horizontal bar of `width` cells: filled share value/max; readable without colour. */
export function bar(value: number, max: number, width: number): string {
  if (width <= 0) return '';
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const full = Math.round(share * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

const SPARKS = ' ▁▂▃▄▅▆▇█';

/**
 * A sparkline of the last `width` values scaled to [0, max(values)]: one cell per value, a blank
 * cell for zero so an idle list reads as empty.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const top = Math.max(1, ...shown);
  const line = shown.map((v) => {
    if (v <= 0) return '·';
    return SPARKS[Math.max(1, Math.round((v / top) * 8))] ?? '█';
  });
  return line.join('').padStart(width, '·');
}

/**
 * Nearest rank percentile of `values` (p in 0..100). Used when the snapshot's own p50/p99 are not
 * what a view needs (e.g. only the last few exits); the snapshot's figures are preferred.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}
