import React, {memo} from 'react';
import type {GatherSnapshot} from '../src/engine/snapshot.ts';
import {bar, fmtBytes, fmtCount, sparkline} from './format.ts';
import {fitOne, kv, Line, Packed, seg, type Chunk} from './line.tsx';
import {NO_PATCH, Panel, titleRoom, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {useTheme, type Theme} from './theme.ts';

export const GATHER_TITLE = 'Gather cache';

interface GatherCacheProps {
  /** The gather list; null when the kernel lacks the patch. */
  readonly gather: GatherSnapshot | null;
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
}

/** `cache_counts ██████░░ 23/32`: the list against max_cache_entries (it can overshoot). */
export function cacheChunk(g: GatherSnapshot, barWidth: number, theme: Theme): Chunk {
  const over = g.cacheCount >= g.maxCacheEntries;
  return [
    seg('cache_counts ', {dim: true}),
    seg(bar(g.cacheCount, g.maxCacheEntries, barWidth), {color: theme.level(over ? 'warn' : 'ok')}),
    seg(` ${g.cacheCount}/${g.maxCacheEntries}`, {bold: true}),
  ];
}

/** The counters, most telling first; the panel keeps as many lines as it has rows. */
export function gatherChunks(g: GatherSnapshot, theme: Theme): Chunk[] {
  const failures = g.allocFailures.node + g.allocFailures.work;
  return [
    [
      seg('flushes ', {dim: true}),
      seg('threshold ', {dim: true}), seg(String(g.flushes.threshold), {bold: true}),
      seg(' · OOM ', {dim: true}), seg(String(g.flushes.oom), {bold: true}),
      seg(' · manual ', {dim: true}), seg(String(g.flushes.manual), {bold: true}),
    ],
    [seg('works queued ', {dim: true}), seg(fmtCount(g.workQueued), {bold: true}), seg(' · empty ', {dim: true}), seg(fmtCount(g.workEmpty), {bold: true})],
    kv('async_swap_count', fmtCount(g.asyncSwapCount)),
    [
      seg('parked ', {dim: true}), seg(fmtCount(g.entriesParked), {bold: true}), seg(' entries · ', {dim: true}),
      seg(fmtBytes(g.zramBytesHeld), {bold: true, color: g.zramBytesHeld > 0 ? theme.level('warn') : undefined}),
      seg(' zram held', {dim: true}),
    ],
    [
      seg('alloc failures ', {dim: true}),
      seg('node ', {dim: true}), seg(String(g.allocFailures.node), {bold: true, color: failures > 0 ? theme.level('crit') : undefined}),
      seg(' · work ', {dim: true}), seg(String(g.allocFailures.work), {bold: true, color: failures > 0 ? theme.level('crit') : undefined}),
    ],
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

/** The global swap_entry_cache list of v0 1/2: how full, how often flushed, what it still holds. */
function GatherCacheView({gather, width, rows}: GatherCacheProps) {
  const theme = useTheme();
  if (gather === null) {
    return (
      <Panel title={GATHER_TITLE} width={width} rows={Math.min(rows, 2)}>
        <Unavailable text={`cache_counts: ${NO_PATCH}`} />
      </Panel>
    );
  }
  const room = titleRoom(GATHER_TITLE, width);
  const barWidth = Math.max(4, Math.min(24, room - 'cache_counts '.length - 12));
  const summary = fitOne([cacheChunk(gather, barWidth, theme)], room);
  const spark = rows >= 3;
  return (
    <Panel title={GATHER_TITLE} summary={summary} width={width} rows={rows}>
      {summary.length === 0 ? <Line chunks={[cacheChunk(gather, 8, theme)]} /> : null}
      <Packed chunks={gatherChunks(gather, theme)} width={width} rows={rows - 1 - (spark ? 1 : 0) - (summary.length === 0 ? 1 : 0)} />
      {spark ? <Line chunks={[historyChunk(gather, width)]} /> : null}
    </Panel>
  );
}

export const GatherCache = memo(GatherCacheView, sameProps);
