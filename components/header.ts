import type {ForegroundSnapshot, Params, Snapshot} from '../src/engine/snapshot.ts';
import type {SourceStatus} from '../src/sources/source.ts';
import {fmtClock, fmtMs, fmtSpeed, shortApp, truncate} from './format.ts';
import {knobBinding, shortLabelOf, WQ_DFL_ACTIVE} from './keymap.ts';
import {coreKnobsApply, ownKnobs, usesCoreKnobs} from './policy-knobs.ts';
import {chunkWidth, fitOne, kv, paint, seg, spin, type Chunk} from './text.ts';
import {LEVEL_MARKER, type Level, type Theme} from './theme.ts';

export interface HeaderProps {
  /** sim, host or replay. */
  readonly source: Snapshot['source'];
  readonly scenario: string;
  readonly device: string;
  /** Not shown for a host. */
  readonly seed: number;
  /** The simulated clock. */
  readonly nowNs: number;
  /** The tunables, listed on the third line. */
  readonly params: Params;
  /** The policy as shown; compare mode passes `gather-oom vs sync`. */
  readonly policy: string;
  /** The policies running: one, or both sides of a comparison (whose knobs the third line shows). */
  readonly policies: readonly string[];
  /** From `source.getStatus()`. */
  readonly status: SourceStatus;
  /** The foreground app and its phase, if the workload runs one. */
  readonly foreground: ForegroundSnapshot | null;
  /** When the launch in progress started, as the dashboard saw it. */
  readonly launchStartNs: number | null;
  /** Whether memory is tight, and why. */
  readonly memory: {readonly level: Level; readonly why: string} | null;
  /** Tasks between SIGKILL and do_task_dead now (null: unknown). */
  readonly exiting: number | null;
  /** Knob keys work on this source: their labels show next to the values. */
  readonly knobKeys: boolean;
  /** Columns of the header. */
  readonly width: number;
  /** Lines: 3 (identity, the moment, the tunables), fewer on an unpatched host. */
  readonly rows: number;
}

const fmtS = (ns: number) => `${(ns / 1e9).toFixed(1)} s`;

/**
 * The header's facts, most important first (narrow terminals keep the first ones that fit), each
 * with its place on the line: policy, clock and state; then speed, device, scenario, position.
 */
function identity(p: HeaderProps, theme: Theme): {chunk: Chunk; at: number}[] {
  const host = p.source === 'host';
  const st = p.status;
  // Reverse video needs a margin to read as a block; without colour the word is enough.
  const block = (text: string, color: string | undefined): Chunk => [seg(theme.color ? ` ${text} ` : text, {inverse: theme.color, bold: true, color})];
  let state: Chunk;
  // The jump runs the clock on fast until it finds something: a spinner says it is under way.
  if (st.jumping) state = block(`→ NEXT EVENT ${spin(true)}`, theme.accent);
  else if (st.paused) state = block('PAUSED', theme.level('warn'));
  else if (st.ended) state = block('END', theme.level('warn'));
  else state = [seg(host ? 'live' : p.source === 'replay' ? 'playing' : 'running', {color: theme.busy})];
  const slow = st.slowMotion?.active === true;
  const replay = p.source === 'replay';
  const speed: Chunk = [seg(fmtSpeed(st.speed), {bold: true, inverse: slow && theme.color, color: slow ? theme.level('warn') : undefined}), ...(slow ? [seg(' SLOW-MO', {bold: true, color: theme.level('warn')})] : [])];
  const facts: {chunk: Chunk; at: number}[] = [{at: 4, chunk: kv('policy', p.policy, theme.accent)}];
  if (replay) {
    // A replay says so, where it is, and what it replays, before anything else the width may drop.
    facts.push({at: 9, chunk: state});
    if (slow) facts.push({at: 8, chunk: speed});
    if (st.position) facts.push({at: 7, chunk: [seg('▶ ', {dim: true}), seg(`${(st.position.atNs / 1e9).toFixed(1)}/${fmtS(st.position.lengthNs)}`, {bold: true})]});
    facts.push({at: 1, chunk: [seg('replay', {bold: true, color: theme.accent})]}, {at: 2, chunk: [seg(p.scenario, {bold: true})]});
    facts.push({at: 3, chunk: [seg('on ', {dim: true}), seg(p.device, {bold: true})]}, {at: 6, chunk: kv('t', fmtClock(p.nowNs))});
    if (!slow) facts.push({at: 8, chunk: speed});
    facts.push({at: 0, chunk: [seg('aswap', {bold: true, color: theme.title})]}, {at: 5, chunk: kv('seed', String(p.seed))});
    return facts;
  }
  facts.push({at: 6, chunk: kv('t', fmtClock(p.nowNs))}, {at: 9, chunk: state});
  // A host runs in real time: no seed, no speed.
  if (!host) facts.push({at: 8, chunk: speed});
  // What runs before where: the scenario names its device too.
  if (p.scenario !== p.source) facts.push({at: 2, chunk: [seg(p.scenario, {bold: true})]});
  facts.push({at: 3, chunk: [seg('on ', {dim: true}), seg(p.device, {bold: true})]});
  facts.push({at: 0, chunk: [seg('aswap', {bold: true, color: theme.title})]}, {at: 1, chunk: [seg(p.source, {dim: true})]});
  if (!host) facts.push({at: 5, chunk: kv('seed', String(p.seed))});
  return facts;
}

/** `com.android.camera2` → `camera2`: the header names the app, the CPUs panel the package. */
export const appName = (app: string): string => shortApp(app);

/** The foreground app's phase: launching (for how long), the first frame's latency, late frames, the next launch. */
export function foregroundChunks(f: ForegroundSnapshot, launchStartNs: number | null, nowNs: number, theme: Theme, animate = false): Chunk[] {
  const name = seg(appName(f.app), {bold: true});
  const chunks: Chunk[] = [];
  if (f.state === 'launching') {
    const since = launchStartNs === null ? '' : ` ${fmtS(Math.max(0, nowNs - launchStartNs))}`;
    // Reverse video needs a margin to read as a block; without colour it is plain text.
    const pad = theme.color ? ' ' : '';
    chunks.push([name, seg(' '), seg(spin(animate), {color: theme.level('warn')}), seg(' '), seg(`${pad}LAUNCHING${since}${pad}`, {bold: true, inverse: theme.color, color: theme.level('warn')})]);
  } else if (f.state === 'preview') {
    chunks.push([name, seg(' preview', {bold: true, color: theme.level('ok')})]);
    const first = f.firstFrameMs ?? f.lastLaunchMs;
    if (first !== null && first !== undefined) chunks.push([seg('first frame after ', {dim: true}), seg(fmtMs(first), {bold: true})]);
  } else chunks.push([name, seg(' idle', {dim: true})]);
  if (f.frames > 0) {
    const causes = f.lateForCpu !== undefined || f.lateForMemory !== undefined ? ` (cpu ${f.lateForCpu ?? 0}, mem ${f.lateForMemory ?? 0})` : '';
    chunks.push([seg('late ', {dim: true}), seg(`${f.framesLate}/${f.frames}`, {bold: true, color: f.framesLate > 0 ? theme.level('warn') : undefined}), seg(causes, {dim: true})]);
  }
  if (f.nextLaunchInNs !== undefined && f.nextLaunchInNs !== null && f.state !== 'launching') chunks.push([seg('next launch in ', {dim: true}), seg(fmtS(f.nextLaunchInNs), {bold: true})]);
  return chunks;
}

/** The second line: what is happening now, most telling first. */
function momentChunks(p: HeaderProps, theme: Theme): Chunk[] {
  const chunks: Chunk[] = [];
  const st = p.status;
  const animate = !st.paused && st.ended !== true;
  const fg = p.foreground ? foregroundChunks(p.foreground, p.launchStartNs, p.nowNs, theme, animate) : [];
  chunks.push(...fg.slice(0, 2));
  if (p.memory) {
    const {level, why} = p.memory;
    chunks.push([seg('memory ', {dim: true}), seg(LEVEL_MARKER[level], {bold: true, color: theme.level(level), inverse: level === 'crit' && theme.color}), ...(why ? [seg(` ${why}`, {color: theme.level(level)})] : [])]);
  }
  if (st.slowMotion?.active) chunks.push([seg(`slow motion ${fmtSpeed(st.slowMotion.speed)} while tasks exit`, {color: theme.level('warn')}), seg(' · a: off', {dim: true})]);
  if (p.exiting !== null && p.exiting > 0) chunks.push(kv('exiting', String(p.exiting), theme.busy));
  chunks.push(...fg.slice(2));
  return chunks;
}

/** v0's tunables with the kernel names, and the keys that change them when they work here. */
function coreKnobChunks(params: Params, width: number, knobKeys: boolean, theme: Theme): Chunk[] {
  const full = width >= 110;
  const key = (k: keyof Omit<Params, 'policy'>): Chunk => {
    const b = knobBinding(k);
    return knobKeys && b ? [seg(`${shortLabelOf(b)} `, {bold: true, color: theme.accent})] : [];
  };
  return [
    [...key('swapentsThreshold'), ...kv('MM_SWAPENTS ≥', String(params.swapentsThreshold))],
    [...key('maxCacheEntries'), ...kv(full ? 'max_cache_entries' : 'max_cache', String(params.maxCacheEntries))],
    [...key('minExitingTasks'), ...kv(full ? 'MIN_EXITING_TASKS_THRESHOLD' : 'min_exiting', String(params.minExitingTasks))],
    [...key('maxActive'), ...kv('max_active', params.maxActive === 0 ? (full ? `0 (=${WQ_DFL_ACTIVE})` : String(WQ_DFL_ACTIVE)) : String(params.maxActive))],
  ];
}

/** The keys of v0's knobs, as the footer prints them (`sS +- [] wW`). */
const coreKeyLabels = (): string =>
  (['swapentsThreshold', 'maxCacheEntries', 'minExitingTasks', 'maxActive'] as const)
    .map((k) => knobBinding(k))
    .filter((b) => b !== undefined)
    .map(shortLabelOf)
    .join(' ');

/** A policy without the gather list: its own knobs as `--set` names them, or that it has none. */
function ownKnobChunks(policy: string, params: Params, width: number, theme: Theme): Chunk[] {
  const knobs = ownKnobs(policy, params);
  if (knobs.length === 0) return [[seg(policy, {bold: true, color: theme.accent}), seg(width >= 110 ? ' has no knobs: every swap run is freed inline' : ' has no knobs', {dim: true})]];
  return knobs.map((k, i) => [...(i === 0 ? [seg('--set ', {dim: true})] : []), seg(`${k.key}=`, {dim: true}), seg(String(k.value), {bold: true})]);
}

/**
 * The third line: the running policy's tunables. The gather policies read v0's knobs, which the
 * keys change; the others have their own (set with `--set`), and the keys say they do not apply.
 * Two policies side by side with different knobs show both, tagged A and B.
 */
export function paramChunks(params: Params, policies: readonly string[], width: number, knobKeys: boolean, theme: Theme): Chunk[] {
  const groupOf = (p: string) => (usesCoreKnobs(p) ? '' : p);
  // A policy without knobs (sync) says so alone; beside one with knobs it has nothing to show.
  const all = [...new Set(policies.map(groupOf))];
  const withKnobs = all.filter((g) => g === '' || ownKnobs(g, params).length > 0);
  const groups = withKnobs.length > 0 ? withKnobs : all;
  const chunks: Chunk[] = [];
  for (const g of groups) {
    const own = g === '' ? coreKnobChunks(params, width, knobKeys, theme) : ownKnobChunks(g, params, width, theme);
    if (groups.length > 1) own[0] = [seg(policies.findIndex((p) => groupOf(p) === g) === 0 ? 'A ' : 'B ', {bold: true}), ...own[0]!];
    chunks.push(...own);
  }
  if (knobKeys && !coreKnobsApply(policies)) chunks.push([seg(`${coreKeyLabels()}: v0's knobs, n/a`, {dim: true})]);
  return chunks;
}

/** Scenario, device, policy, seed, clock, speed and state; the moment (foreground phase, memory, slow motion); the tunables. */
export function headerLines(p: HeaderProps, theme: Theme): string[] {
  const facts = identity(p, theme);
  const kept = fitOne(facts.map((f) => f.chunk), p.width);
  const line = facts.filter((f) => kept.includes(f.chunk)).sort((a, b) => a.at - b.at).map((f) => f.chunk);
  const lines = [paint(line, p.width)];
  if (p.rows > 1) {
    // A note (a trace cut short, a jump that found nothing) stays on screen, cut to half the line at most.
    const note: Chunk[] = p.status.note ? [[seg(truncate(p.status.note, Math.max(24, Math.floor(p.width / 2))), {color: theme.level('warn')})]] : [];
    lines.push(paint([...note, ...fitOne(momentChunks(p, theme), p.width - (note.length > 0 ? chunkWidth(note[0]!) + 2 : 0))], p.width));
  }
  // An unpatched host has no tunables to show.
  if (p.rows > 2 && !(p.source === 'host' && p.params.policy === 'sync')) lines.push(paint(fitOne(paramChunks(p.params, p.policies, p.width, p.knobKeys, theme), p.width), p.width));
  return lines.slice(0, p.rows);
}
