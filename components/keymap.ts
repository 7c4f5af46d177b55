import type {Key} from 'ink';
import {POLICY_NAMES, WQ_DFL_ACTIVE} from '../src/engine/params.ts';
import type {Params} from '../src/engine/snapshot.ts';
import type {Command, CommandType, SourceStatus} from '../src/sources/source.ts';
import {coreKnobsApply} from './policy-knobs.ts';

/**
 * The one table of keys. It drives the input handler (through `pressKey` in ui-state.ts), the help
 * overlay, the footer and the key labels next to the knobs in the header, so a key cannot do one
 * thing and be documented as another.
 *
 * Habits kept from htop and less: F1, h and ? for help; F10 and q to quit; ↑ ↓ PgUp PgDn Home End
 * move (here: through the event log, like less). `<` and `>`, which sort in htop, are not used: the
 * MM_SWAPENTS threshold is `s`/`S`, like `w`/`W` for max_active.
 *
 * Step choices:
 * - max_cache_entries: ×2 / ÷2, 1…4096 (the kernel default 32 sits on the powers of two).
 * - MIN_EXITING_TASKS_THRESHOLD: ±1, 0…64 (0: gather even when this is the only exiting task).
 * - MM_SWAPENTS threshold: multiples of SWAP_CLUSTER_MAX (32) on SWAPENTS_LADDER, 0…51200;
 *   the kernel's 100 * SWAP_CLUSTER_MAX = 3200 is on it.
 * - max_active: powers of two 1…512. 0 is the kernel default (WQ_DFL_ACTIVE, 256 on the 6.12
 *   baseline) and steps as 256 does: `w` from 0 goes to 128 and `W` to 512. The value never steps
 *   back to 0 (that would jump from 1 to 256); `w` at 1 and `W` at 512 do nothing.
 * - Speed presets 1–5: 0.1× 0.25× 1× 4× 20× (slow enough to watch one exit, fast enough to watch a
 *   minute of launches); ← / → walk SPEED_LADDER.
 * - `{` / `}` seek a replay by SEEK_S seconds (only sources that support `seek`).
 */

export const SPEED_PRESETS = [0.1, 0.25, 1, 4, 20] as const;
/** A replay's jump: long enough to skip an idle stretch, short enough not to miss a burst. */
export const SEEK_S = 10;
export const SPEED_LADDER = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 20, 50, 100] as const;
const SWAP_CLUSTER_MAX = 32;
export const SWAPENTS_LADDER = [0, 1, 5, 10, 25, 50, 100, 200, 400, 800, 1600].map((k) => k * SWAP_CLUSTER_MAX);
export const MAX_ACTIVE_LADDER = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;
export {WQ_DFL_ACTIVE};

/** A key as the table names it: the character typed, or `space`, `up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`, `end`, `escape`, `f1`, `f10`, `ctrl-c`. */
export type KeyName = string;

/** What a key press does to the dashboard (kebab-case, as ink-ui names its actions). */
export type UiAction =
  | {readonly type: 'send'; readonly command: Command}
  | {readonly type: 'toggle-help'}
  | {readonly type: 'close-help'}
  | {readonly type: 'quit'; readonly code: number}
  | {readonly type: 'no-op'; readonly reason: string}
  /** Scroll the event log by entries (positive: back in time), to its start, or back to following. */
  | {readonly type: 'log-scroll'; readonly by: number | 'top' | 'follow'};

/** What a binding may look at to pick its command. */
export interface KeyContext {
  readonly params: Params;
  readonly status: SourceStatus;
  readonly supports: ReadonlySet<CommandType>;
  /** Source kind, for the "n/a" notice. */
  readonly kind: string;
  /** Two sources side by side: each keeps its own policy. */
  readonly compare: boolean;
  /** Entries the event log shows a page of (its rows), for PgUp / PgDn. */
  readonly logPage: number;
  /** The compare source's policy (`--compare`), which the knob keys reach too. @default none */
  readonly otherPolicy?: string;
}

export interface Binding {
  /** Keys that trigger it, in the order the help lists them. */
  readonly keys: readonly KeyName[];
  /** How the help and the footer print the keys. */
  readonly label: string;
  /** One line for the help overlay. */
  readonly help: string;
  /** A word or two for the footer; omitted bindings only show in the help (or next to their knob). */
  readonly hint?: string;
  /** The keys as the footer and the header print them, when not the label without spaces. */
  readonly shortLabel?: string;
  /** Commands the source must support; a binding that needs an unsupported one is "n/a". */
  readonly requires: readonly CommandType[];
  /** Policies differ per side in compare mode. */
  readonly notInCompare?: boolean;
  /** The tunable it changes: the header shows the key next to the value. */
  readonly knob?: keyof Omit<Params, 'policy'>;
  readonly run: (key: KeyName, ctx: KeyContext) => UiAction;
}

/** The next value on `ladder` above (dir 1) or below (dir -1) `current`; `current` at the ends. */
export function stepLadder(ladder: readonly number[], current: number, dir: 1 | -1): number {
  const eps = 1e-9;
  if (dir > 0) return ladder.find((v) => v > current + eps) ?? current;
  return [...ladder].reverse().find((v) => v < current - eps) ?? current;
}

const send = (command: Command): UiAction => ({type: 'send', command});

/** A set-param command, or a notice when the value is already at its limit. */
function param(key: Exclude<keyof Params, 'policy'>, name: string, from: number, to: number): UiAction {
  return to === from ? {type: 'no-op', reason: `${name} is at its limit (${from})`} : send({type: 'set-param', key, value: to});
}

const dirOf = (key: KeyName, up: KeyName): 1 | -1 => (key === up ? 1 : -1);

/**
 * A key of v0's knobs: what `run` does when the running policy reads the knob (gather, gather-oom),
 * else a notice naming the policy (its own knobs are in the header, set with `--set`).
 */
function coreKnob(label: string, name: string, run: (k: KeyName, ctx: KeyContext) => UiAction): (k: KeyName, ctx: KeyContext) => UiAction {
  return (k, ctx) => {
    const policies = ctx.otherPolicy === undefined ? [ctx.params.policy] : [ctx.params.policy, ctx.otherPolicy];
    if (coreKnobsApply(policies)) return run(k, ctx);
    return {type: 'no-op', reason: `${label}: ${policies.join(' and ')} ${policies.length > 1 ? 'do' : 'does'} not read ${name}`};
  };
}

/** The policy `step` places after `current` in POLICY_NAMES (the engine's registry), wrapping. */
export function nextPolicy(current: string, step: 1 | -1): string {
  const i = POLICY_NAMES.indexOf(current as (typeof POLICY_NAMES)[number]);
  const n = POLICY_NAMES.length;
  return POLICY_NAMES[(((i < 0 ? 0 : i + step) % n) + n) % n]!;
}

export const KEYMAP: readonly Binding[] = [
  {
    keys: ['f'], label: 'f', hint: 'flush', requires: ['flush'],
    help: 'force a flush: queue a release work for the gather list now',
    run: () => send({type: 'flush'}),
  },
  {
    keys: ['m', 'M'], label: 'm M', shortLabel: 'm', hint: 'policy', requires: ['set-policy'], notInCompare: true,
    help: `next / previous policy: ${POLICY_NAMES.join(' → ')}`,
    run: (k, {params}) => send({type: 'set-policy', policy: nextPolicy(params.policy, k === 'm' ? 1 : -1) as Params['policy']}),
  },
  {
    keys: ['c'], label: 'c', hint: 'camera', requires: ['camera-launch'],
    help: 'launch the camera now (a wave of lmkd kills follows)',
    run: () => send({type: 'camera-launch'}),
  },
  {
    keys: ['n'], label: 'n', hint: 'next', requires: ['next-event'],
    help: 'run on fast to the next camera launch or kill wave',
    run: () => send({type: 'next-event'}),
  },
  {
    keys: ['a'], label: 'a', hint: 'slow-mo', requires: ['slow-motion'],
    help: 'auto slow motion on / off (0.25× while tasks exit)',
    run: (_k, {status}) => send({type: 'slow-motion', enabled: !(status.slowMotion?.enabled ?? false)}),
  },
  {
    keys: ['space'], label: 'space', shortLabel: 'spc', hint: 'pause', requires: ['pause', 'resume'],
    help: 'pause / resume the simulated clock',
    run: (_k, {status}) => send({type: status.paused ? 'resume' : 'pause'}),
  },
  {
    keys: ['.'], label: '.', hint: 'step', requires: ['step'],
    help: 'one step while paused',
    run: (_k, {status}) => (status.paused ? send({type: 'step'}) : {type: 'no-op', reason: '.: pause first (space), then . steps'}),
  },
  {
    keys: ['left', 'right'], label: '← →', shortLabel: '←→', hint: 'speed', requires: ['speed'],
    help: `slower / faster (${SPEED_LADDER[0]}×…${SPEED_LADDER.at(-1)}×)`,
    run: (k, {status}) => {
      const to = stepLadder(SPEED_LADDER, status.baseSpeed ?? status.speed, k === 'right' ? 1 : -1);
      return to === (status.baseSpeed ?? status.speed) ? {type: 'no-op', reason: `speed is at its limit (${to}×)`} : send({type: 'speed', value: to});
    },
  },
  {
    keys: ['1', '2', '3', '4', '5'], label: '1-5', requires: ['speed'],
    help: `speed ${SPEED_PRESETS.map((s) => `${s}×`).join(' ')}`,
    run: (k) => send({type: 'speed', value: SPEED_PRESETS[Number(k) - 1]!}),
  },
  {
    keys: ['{', '}'], label: '{ }', hint: 'seek', requires: ['seek'],
    help: `replay: jump back / forward ${SEEK_S} s`,
    run: (k) => send({type: 'seek', deltaS: k === '}' ? SEEK_S : -SEEK_S}),
  },
  {
    keys: ['r'], label: 'r', hint: 'restart', requires: ['restart'],
    help: 'restart (same seed), keeping policy, knobs and speed',
    run: () => send({type: 'restart', defaults: false}),
  },
  {
    keys: ['R'], label: 'R', requires: ['restart'],
    help: "restart (same seed) with the run's own policy, knobs, speed",
    run: () => send({type: 'restart', defaults: true}),
  },
  {
    keys: ['+', '-'], label: '+ -', shortLabel: '+-', requires: ['set-param'], knob: 'maxCacheEntries',
    help: 'max_cache_entries ×2 / ÷2 (1…4096; v0: gather, gather-oom)',
    run: coreKnob('+ -', 'max_cache_entries', (k, {params}) => {
      const v = params.maxCacheEntries;
      return param('maxCacheEntries', 'max_cache_entries', v, k === '+' ? Math.min(4096, v * 2) : Math.max(1, Math.floor(v / 2)));
    }),
  },
  {
    keys: ['[', ']'], label: '[ ]', shortLabel: '[]', requires: ['set-param'], knob: 'minExitingTasks',
    help: 'MIN_EXITING_TASKS_THRESHOLD −1 / +1 (0…64; v0)',
    run: coreKnob('[ ]', 'MIN_EXITING_TASKS_THRESHOLD', (k, {params}) => {
      const v = params.minExitingTasks;
      return param('minExitingTasks', 'MIN_EXITING_TASKS_THRESHOLD', v, Math.min(64, Math.max(0, v + dirOf(k, ']'))));
    }),
  },
  {
    keys: ['s', 'S'], label: 's S', shortLabel: 'sS', requires: ['set-param'], knob: 'swapentsThreshold',
    help: `MM_SWAPENTS threshold down / up, ×SWAP_CLUSTER_MAX (0…${SWAPENTS_LADDER.at(-1)}; v0)`,
    run: coreKnob('s S', 'the MM_SWAPENTS threshold', (k, {params}) => param('swapentsThreshold', 'MM_SWAPENTS threshold', params.swapentsThreshold, stepLadder(SWAPENTS_LADDER, params.swapentsThreshold, dirOf(k, 'S')))),
  },
  {
    keys: ['w', 'W'], label: 'w W', shortLabel: 'wW', requires: ['set-param'], knob: 'maxActive',
    help: `max_active ÷2 / ×2 (1…512; 0 = the default ${WQ_DFL_ACTIVE}; v0)`,
    run: coreKnob('w W', "async_swap_free's max_active", (k, {params}) => {
      const from = params.maxActive === 0 ? WQ_DFL_ACTIVE : params.maxActive;
      const to = stepLadder(MAX_ACTIVE_LADDER, from, dirOf(k, 'W'));
      return param('maxActive', 'max_active', params.maxActive, to === from ? params.maxActive : to);
    }),
  },
  {
    keys: ['up', 'down', 'pageup', 'pagedown', 'home', 'end'], label: '↑↓ PgUp/Dn', requires: [],
    help: 'event log back / forward by an entry, a page; Home its start, End follows',
    run: (k, {logPage}) => {
      if (k === 'home') return {type: 'log-scroll', by: 'top'};
      if (k === 'end') return {type: 'log-scroll', by: 'follow'};
      const page = Math.max(1, logPage);
      return {type: 'log-scroll', by: k === 'up' ? 1 : k === 'down' ? -1 : k === 'pageup' ? page : -page};
    },
  },
  {
    keys: ['?', 'h', 'f1'], label: '? h F1', shortLabel: '?', hint: 'help', requires: [],
    help: 'this help (Esc, q or ? closes it)',
    run: () => ({type: 'toggle-help'}),
  },
  {
    keys: ['q', 'f10', 'ctrl-c'], label: 'q F10 ^C', shortLabel: 'q', hint: 'quit', requires: [],
    help: 'quit',
    run: () => ({type: 'quit', code: 0}),
  },
];

/** Whether the source (or both sources, in compare mode) can do what the binding asks. */
export function isAvailable(b: Binding, supports: ReadonlySet<CommandType>, compare: boolean): boolean {
  return !(compare && b.notInCompare) && b.requires.every((c) => supports.has(c));
}

/** Ink's (input, key) as a KeyName, or null for keys the dashboard does not name. */
export function keyName(input: string, key: Key): KeyName | null {
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (key.escape) return 'escape';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (input === ' ') return 'space';
  if (key.ctrl || input.length !== 1) return null;
  return input;
}

/** Every key in one read: plain characters typed fast or pasted come as one string. */
export function keyNames(input: string, key: Key): KeyName[] {
  const single = keyName(input, key);
  if (single !== null) return [single];
  if (key.ctrl || key.meta || input.length < 2) return [];
  const names: KeyName[] = [];
  for (const ch of input) {
    const name = keyName(ch, {...key});
    if (name !== null) names.push(name);
  }
  return names;
}

/**
 * F1 and F10 as terminals send them (xterm `ESC O P` / `ESC [ 11 ~`, `ESC [ 21 ~`). Ink's useInput
 * reports function keys with an empty input and no flag, so these are read from the raw input.
 */
export function functionKey(raw: string): KeyName | null {
  if (raw === '\x1bOP' || raw === '\x1b[11~' || raw === '\x1b[[A') return 'f1';
  if (raw === '\x1b[21~') return 'f10';
  return null;
}

export const bindingFor = (name: KeyName): Binding | undefined => KEYMAP.find((b) => b.keys.includes(name));

/** The label a binding shows in the footer and next to its knob. */
export const shortLabelOf = (b: Binding): string => b.shortLabel ?? b.label.replace(/ /g, '');

/** The binding that sets `key` (for the header's knob labels). */
export const knobBinding = (key: keyof Omit<Params, 'policy'>): Binding | undefined => KEYMAP.find((b) => b.knob === key);
