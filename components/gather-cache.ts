import type {GatherSnapshot} from '../src/engine/snapshot.ts';
import type {ReleaseSnapshot} from './extensions.ts';
import {bar, fmtBytes, fmtCount, sparkline} from './format.ts';
import {NO_PATCH, panel, titleRoom, unavailable, type PanelSize} from './panel.ts';
import {GATHER_POLICIES} from './policy-knobs.ts';
import {POLICIES} from '../src/engine/params.ts';
import {wrapWords} from './event-log.ts';
import {chunkWidth, fitOne, kv, pack, paint, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export const GATHER_TITLE = 'Gather cache';
export const RELEASE_TITLE = 'Release';

export interface GatherCacheProps extends PanelSize {
  /** The gather list; null when the kernel lacks the patch. */
  readonly gather: GatherSnapshot | null;
  /** The running policy. */
  readonly policy: string;
  /** The policy's own counters, when the source reports them. */
  readonly release: ReleaseSnapshot | null;
}

/** Counters of the gather policies that the panel already shows in its own words. */
const SHOWN: ReadonlySet<string> = new Set(['cache_count', 'max_cache_entries', 'entries parked', 'zram memory held', 'async_swap_count', 'works queued', 'empty works']);

/** `cache_counts ██████░░ 23/32`: the list against max_cache_entries (it can overshoot). */
export function cacheChunk(g: GatherSnapshot, barWidth: number, theme: Theme): Chunk {
  const over = g.cacheCount >= g.maxCacheEntries;
  return [
    seg('cache_counts ', {dim: true}),
    seg(bar(g.cacheCount, g.maxCacheEntries, barWidth), {color: theme.level(over ? 'warn' : 'ok')}),
    seg(` ${g.cacheCount}/${g.maxCacheEntries}`, {bold: true}),
  ];
}

/**
 * The counters, most telling first; the panel keeps as many lines as it has rows. A group wider
 * than the panel (the flushes by kind, in a compare column) comes as two chunks, so it wraps
 * instead of being cut.
 */
export function gatherChunks(g: GatherSnapshot, theme: Theme, width = Infinity): Chunk[] {
  const failures = g.allocFailures.node + g.allocFailures.work;
  const flushes: Chunk = [
    seg('flushes ', {dim: true}),
    seg('threshold ', {dim: true}), seg(String(g.flushes.threshold), {bold: true}),
    seg(' · OOM ', {dim: true}), seg(String(g.flushes.oom), {bold: true}),
    seg(' · manual ', {dim: true}), seg(String(g.flushes.manual), {bold: true}),
  ];
  const failed: Chunk = [
    seg('alloc failures ', {dim: true}),
    seg('node ', {dim: true}), seg(String(g.allocFailures.node), {bold: true, color: failures > 0 ? theme.level('crit') : undefined}),
    seg(' · work ', {dim: true}), seg(String(g.allocFailures.work), {bold: true, color: failures > 0 ? theme.level('crit') : undefined}),
  ];
  const fit = (c: Chunk, at: number): Chunk[] => (chunkWidth(c) <= width ? [c] : [c.slice(0, at), c.slice(at).map((x, i) => (i === 0 ? {...x, text: x.text.replace(/^ · /, '')} : x))]);
  return [
    ...fit(flushes, 3),
    [seg('works queued ', {dim: true}), seg(fmtCount(g.workQueued), {bold: true}), seg(' · empty ', {dim: true}), seg(fmtCount(g.workEmpty), {bold: true})],
    kv('async_swap_count', fmtCount(g.asyncSwapCount)),
    [
      seg('parked ', {dim: true}), seg(fmtCount(g.entriesParked), {bold: true}), seg(' entries · ', {dim: true}),
      seg(fmtBytes(g.zramBytesHeld), {bold: true, color: g.zramBytesHeld > 0 ? theme.level('warn') : undefined}),
      seg(' zram held', {dim: true}),
    ],
    failed,
  ];
}

/** cache_count over the last minute, one cell per simulated second, oldest left. */
export function historyChunk(g: GatherSnapshot, width: number): Chunk {
  const label = 'last 60 s ';
  const tail = ` peak ${g.peak}`;
  // Always a minute wide: the seconds before the run started read as empty.
  const cells = Math.max(0, Math.min(60, width - label.length - tail.length));
  return [seg(label, {dim: true}), seg(sparkline(g.history, cells)), seg(tail, {dim: true})];
}

/** A release policy's counter: `deferred handles 412 entries`, bytes and counts in their units (not repeated when the name says it: `batch pages 169`). */
function counterChunk(c: ReleaseSnapshot['counters'][number]): Chunk {
  const unit = c.unit && c.unit !== 'count' && !c.name.includes(c.unit.replace(/s$/, '')) ? ` ${c.unit}` : '';
  const value = c.unit === 'bytes' || c.unit === 'B' ? fmtBytes(c.value) : `${fmtCount(c.value)}${unit}`;
  return kv(c.name, value);
}

/** What a policy without a gather list does with swap entries: the engine registry's description. */
function ownWords(policy: string): string {
  const described = POLICIES.find((p) => p.name === policy)?.description;
  return described ?? 'no gather list: this policy defers freeing its own way';
}

/** Dimmed words wrapped to the width (never cut), at most `rows` lines. */
const wrapped = (text: string, width: number, rows: number): string[] => wrapWords(text, width).slice(0, Math.max(1, rows)).map((l) => unavailable(l, width));

/** A policy without the gather list: its own counters, or what it does in words. */
function releaseLines(p: GatherCacheProps, theme: Theme): string[] {
  const counters = p.release?.policy === p.policy ? p.release.counters : [];
  const chunks = counters.map(counterChunk);
  const title = `${RELEASE_TITLE} · ${p.policy}`;
  const summary = chunks.length > 0 ? [chunks[0]!] : [];
  const body = pack(chunks.slice(summary.length), p.width).map((line) => paint(line, p.width));
  // Switched away from a gather policy: what it parked waits for a worker all the same.
  const g = p.gather;
  if (g && g.entriesParked > 0) body.unshift(paint([[seg('still on the gather list ', {dim: true}), seg(fmtCount(g.entriesParked), {bold: true}), seg(' entries · ', {dim: true}), seg(fmtBytes(g.zramBytesHeld), {bold: true, color: theme.level('warn')}), seg(' zram held', {dim: true})]], p.width));
  if (body.length < p.rows - 1 || chunks.length === 0) body.push(...wrapped(ownWords(p.policy), p.width, p.rows - 1 - body.length));
  return panel(title, summary, body, p, theme);
}

/** The global swap_entry_cache list of v0 1/2 (how full, how often flushed, what it still holds), or another policy's own counters. */
export function gatherCacheLines(p: GatherCacheProps, theme: Theme): string[] {
  const {gather, width, rows} = p;
  if (gather === null) return panel(GATHER_TITLE, [], [unavailable(`cache_counts: ${NO_PATCH}`, width)], {width, rows: Math.min(rows, 2)}, theme);
  if (!GATHER_POLICIES.has(p.policy)) return releaseLines(p, theme);
  const room = titleRoom(GATHER_TITLE, width);
  const barWidth = Math.max(4, Math.min(24, room - 'cache_counts '.length - 12));
  const summary = fitOne([cacheChunk(gather, barWidth, theme)], room);
  const spark = rows >= 3;
  // The gather policies' counters are the list's own, shown above: only others (a newer engine's) are added.
  const extra = p.release?.policy === p.policy ? p.release.counters.filter((c) => !SHOWN.has(c.name)).map(counterChunk) : [];
  const body: string[] = [];
  if (summary.length === 0) body.push(paint([cacheChunk(gather, 8, theme)], width));
  const room2 = rows - 1 - (spark ? 1 : 0) - body.length;
  body.push(...pack([...gatherChunks(gather, theme, width), ...extra], width).slice(0, Math.max(0, room2)).map((line) => paint(line, width)));
  if (spark) body.push(paint([historyChunk(gather, width)], width));
  return panel(GATHER_TITLE, summary, body, p, theme);
}
