import React, {memo} from 'react';
import {Box} from 'ink';
import type {Params, Snapshot} from '../src/engine/snapshot.ts';
import {fmtClock, fmtSpeed} from './format.ts';
import {fitOne, kv, Line, seg, type Chunk} from './line.tsx';
import {WQ_DFL_ACTIVE} from './keymap.ts';
import {sameProps} from './same.ts';
import {useTheme, type Theme} from './theme.ts';


interface HeaderProps {
  /** sim, host or replay. */
  readonly source: Snapshot['source'];
  readonly scenario: string;
  readonly device: string;
  /** Not shown for a host. */
  readonly seed: number;
  /** The simulated clock. */
  readonly nowNs: number;
  /** The tunables, listed on the second line. */
  readonly params: Params;
  /** From `source.getStatus()`. */
  readonly paused: boolean;
  readonly speed: number;
  /** Replay: why the trace stopped, else null. */
  readonly note: string | null;
  /** Columns of the header. */
  readonly width: number;
  /** 1 or 2; the second line lists the tunables the keys change. */
  readonly rows: number;
  /** The policy as shown; compare mode passes `gather-oom vs sync`. @default params.policy */
  readonly policy?: string;
}

/** The header's facts by importance: what narrow terminals keep. Each has a display position. */
function identity(p: HeaderProps, theme: Theme): {chunk: Chunk; at: number}[] {
  const host = p.source === 'host';
  const state: Chunk = p.paused
    ? [seg(' PAUSED ', {inverse: true, bold: true, color: theme.level('warn')})]
    : [seg(host ? 'live' : 'running', {color: theme.busy})];
  const facts: {chunk: Chunk; at: number}[] = [
    {at: 0, chunk: [seg('aswap', {bold: true, color: theme.title}), seg(` ${p.source}`, {dim: true})]},
    {at: 3, chunk: kv('policy', p.policy ?? p.params.policy, theme.accent)},
    {at: 5, chunk: kv('t', fmtClock(p.nowNs))},
  ];
  // A host runs in real time: no seed, no speed.
  if (!host) facts.push({at: 6, chunk: [seg(fmtSpeed(p.speed), {bold: true})]});
  facts.push({at: 7, chunk: state});
  if (p.note !== null) facts.push({at: 8, chunk: [seg(p.note, {color: theme.level('warn')})]});
  if (!host) facts.push({at: 4, chunk: kv('seed', String(p.seed))});
  if (p.scenario !== p.source) facts.push({at: 1, chunk: [seg(p.scenario, {bold: true})]});
  facts.push({at: 2, chunk: [seg('on ', {dim: true}), seg(p.device, {bold: true})]});
  return facts;
}

/** The tunables, with the kernel names the keys change. */
export function paramChunks(params: Params): Chunk[] {
  return [
    kv('max_cache_entries', String(params.maxCacheEntries)),
    kv('max_active', params.maxActive === 0 ? `0 (=${WQ_DFL_ACTIVE})` : String(params.maxActive)),
    kv('MIN_EXITING_TASKS_THRESHOLD', String(params.minExitingTasks)),
    kv('MM_SWAPENTS ≥', String(params.swapentsThreshold)),
  ];
}

/** Scenario, device, policy, seed, simulated clock, speed and pause state. */
function HeaderView(props: HeaderProps) {
  const theme = useTheme();
  const facts = identity(props, theme);
  const kept = fitOne(facts.map((f) => f.chunk), props.width);
  const line = facts.filter((f) => kept.includes(f.chunk)).sort((a, b) => a.at - b.at).map((f) => f.chunk);
  return (
    <Box flexDirection="column" width={props.width} height={props.rows} overflow="hidden">
      <Line chunks={line} />
      {/* An unpatched host has no tunables to show. */}
      {props.rows > 1 && !(props.source === 'host' && props.params.policy === 'sync') ? <Line chunks={fitOne(paramChunks(props.params), props.width)} /> : null}
    </Box>
  );
}

export const Header = memo(HeaderView, sameProps);
