import type {CpuSnapshot, ForegroundSnapshot} from '../src/engine/snapshot.ts';
import {bar, cutLeft, fmtPct} from './format.ts';
import {NOT_AVAILABLE, panel, unavailable, type PanelSize} from './panel.ts';
import {kv, pack, paint, seg, type Chunk} from './text.ts';
import type {Theme} from './theme.ts';

export const CPUS_TITLE = 'CPUs';

/** Width of one CPU's cell, so the cells line up in columns. */
export const CPU_CELL = 36;

export interface CpusProps extends PanelSize {
  /** Every CPU, in order. */
  readonly cpus: readonly CpuSnapshot[];
  /** The app the kworkers compete with, if the workload runs one. */
  readonly foreground: ForegroundSnapshot | null;
}

/**
 * `cpu2 ██████ 100% …spotify.music`: who is on each CPU. The point of the panel is the
 * reviewers' worry: HIGHPRI kworkers and dying tasks on the CPUs the foreground app needs.
 */
function cpuChunk(c: CpuSnapshot, fg: string | null, theme: Theme): Chunk {
  const who = c.current ?? 'idle';
  const color = c.current === null ? undefined : who.startsWith('kworker/') ? theme.busy : who === fg ? theme.accent : undefined;
  const text = cutLeft(who, CPU_CELL - 18).padEnd(CPU_CELL - 18);
  return [seg(`cpu${c.cpu}`.padEnd(5), {bold: true}), seg(bar(c.busyPct, 100, 6)), seg(` ${fmtPct(c.busyPct).padStart(4)} `), seg(text, {color, dim: c.current === null})];
}

function foregroundChunks(f: ForegroundSnapshot): Chunk[] {
  return [kv('foreground', `${f.app} ${f.state}`), kv('launches', String(f.launches)), kv('frames late', `${f.framesLate}/${f.frames}`)];
}

/** Each CPU's load and current context, and the foreground app the kworkers compete with. */
export function cpusLines(p: CpusProps, theme: Theme): string[] {
  const {cpus, width, rows} = p;
  if (cpus.length === 0) return panel(CPUS_TITLE, [], [unavailable(`per-CPU load: ${NOT_AVAILABLE}`, width)], {width, rows: Math.min(rows, 2)}, theme);
  const fg = p.foreground?.app ?? null;
  const body = pack(cpus.map((c) => cpuChunk(c, fg, theme)), width, 1).map((line) => paint(line, width, 1));
  return panel(CPUS_TITLE, p.foreground ? foregroundChunks(p.foreground) : [], body, p, theme);
}
