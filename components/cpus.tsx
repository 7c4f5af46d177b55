import React, {memo} from 'react';
import type {CpuSnapshot, ForegroundSnapshot} from '../src/engine/snapshot.ts';
import {bar, fmtPct, truncate} from './format.ts';
import {kv, Packed, seg, fitOne, type Chunk} from './line.tsx';
import {NOT_AVAILABLE, Panel, titleRoom, Unavailable} from './panel.tsx';
import {sameProps} from './same.ts';
import {useTheme, type Theme} from './theme.ts';

export const CPUS_TITLE = 'CPUs';

/** Width of one CPU's cell, so the cells line up in columns. */
export const CPU_CELL = 36;

interface CpusProps {
  /** Every CPU, in order. */
  readonly cpus: readonly CpuSnapshot[];
  /** The app the kworkers compete with, if the workload runs one. */
  readonly foreground: ForegroundSnapshot | null;
  /** Columns the panel may use. */
  readonly width: number;
  /** Rows the panel may use, title included. */
  readonly rows: number;
}

/**
 * `cpu2 ██████ 100% com.spotify.music`: who is on each CPU. The point of the panel is the
 * reviewers' worry: HIGHPRI kworkers and dying tasks on the CPUs the foreground app needs.
 */
function cpuChunk(c: CpuSnapshot, fg: string | null, theme: Theme): Chunk {
  const who = c.current ?? 'idle';
  const color = c.current === null ? undefined : who.startsWith('kworker/') ? theme.busy : who === fg ? theme.accent : undefined;
  const text = truncate(who, CPU_CELL - 18).padEnd(CPU_CELL - 18);
  return [
    seg(`cpu${c.cpu}`.padEnd(5), {bold: true}),
    seg(bar(c.busyPct, 100, 6)),
    seg(` ${fmtPct(c.busyPct).padStart(4)} `),
    seg(text, {color, dim: c.current === null}),
  ];
}

function foregroundChunks(f: ForegroundSnapshot): Chunk[] {
  return [
    kv('foreground', `${f.app} ${f.state}`),
    kv('launches', String(f.launches)),
    kv('frames late', `${f.framesLate}/${f.frames}`),
  ];
}

/** Each CPU's load and current context, and the foreground app the kworkers compete with. */
function CpusView({cpus, foreground, width, rows}: CpusProps) {
  const theme = useTheme();
  if (cpus.length === 0) {
    return (
      <Panel title={CPUS_TITLE} width={width} rows={Math.min(rows, 2)}>
        <Unavailable text={`per-CPU load: ${NOT_AVAILABLE}`} />
      </Panel>
    );
  }
  const fg = foreground?.app ?? null;
  const summary = foreground ? fitOne(foregroundChunks(foreground), titleRoom(CPUS_TITLE, width)) : [];
  return (
    <Panel title={CPUS_TITLE} summary={summary} width={width} rows={rows}>
      <Packed chunks={cpus.map((c) => cpuChunk(c, fg, theme))} width={width} rows={rows - 1} gap={1} />
    </Panel>
  );
}

export const Cpus = memo(CpusView, sameProps);
