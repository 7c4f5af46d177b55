import type {Key} from 'ink';
import type {Params, PolicyName} from '../src/engine/snapshot.ts';
import type {Command, CommandType, SourceStatus} from '../src/sources/source.ts';
import type {UiAction} from './use-ui-state.ts';

/**
 * The one table of keys. It drives the input handler (through `pressKey` in use-ui-state.ts), the
 * help overlay and the footer, so a key cannot do one thing and be documented as another.
 *
 * Step choices:
 * - max_cache_entries: ×2 / ÷2, 1…4096 (the kernel default 32 sits on the powers of two).
 * - MIN_EXITING_TASKS_THRESHOLD: ±1, 0…64 (0: gather even when this is the only exiting task).
 * - MM_SWAPENTS threshold: multiples of SWAP_CLUSTER_MAX (32) on SWAPENTS_LADDER, 0…51200;
 *   the kernel's 100 * SWAP_CLUSTER_MAX = 3200 is on it.
 * - max_active: powers of two 1…512 (WQ_MAX_ACTIVE on the 6.12 baseline). 0 is the kernel default,
 *   256, and steps as 256 does: `w` from 0 goes to 128 and `W` to 512. The value never steps back to
 *   0 (that would jump from 1 to 256); `w` at 1 and `W` at 512 do nothing.
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
/** WQ_DFL_ACTIVE on the 6.12 baseline: what max_active 0 means. */
export const WQ_DFL_ACTIVE = 256;
export const POLICY_CYCLE: readonly PolicyName[] = ['sync', 'gather', 'gather-oom'];

/** A key as the table names it: the character typed, or `space`, `left`, `right`, `escape`, `ctrl-c`. */
export type KeyName = string;

/** What a binding may look at to pick its command. */
export interface KeyContext {
  readonly params: Params;
  readonly status: SourceStatus;
  readonly supports: ReadonlySet<CommandType>;
  /** Source kind, for the "n/a" notice. */
  readonly kind: string;
  /** Two sources side by side: each keeps its own policy. */
  readonly compare: boolean;
}

export interface Binding {
  /** Keys that trigger it, in the order the help lists them. */
  readonly keys: readonly KeyName[];
  /** How the help and the footer print the keys. */
  readonly label: string;
  /** One line for the help overlay. */
  readonly help: string;
  /** A word or two for the footer; omitted bindings only show in the help. */
  readonly hint?: string;
  /** The keys as the footer prints them, when not the label without spaces. */
  readonly footerLabel?: string;
  /** Commands the source must support; a binding that needs an unsupported one is "n/a". */
  readonly requires: readonly CommandType[];
  /** Policies differ per side in compare mode. */
  readonly notInCompare?: boolean;
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

export const KEYMAP: readonly Binding[] = [
  {
    keys: ['f'], label: 'f', hint: 'flush', requires: ['flush'],
    help: 'force a flush: queue a release work for the gather list now',
    run: () => send({type: 'flush'}),
  },
  {
    keys: ['+', '-'], label: '+ -', hint: 'max_cache', requires: ['set-param'],
    help: 'max_cache_entries ×2 / ÷2 (1…4096)',
    run: (k, {params}) => {
      const v = params.maxCacheEntries;
      return param('maxCacheEntries', 'max_cache_entries', v, k === '+' ? Math.min(4096, v * 2) : Math.max(1, Math.floor(v / 2)));
    },
  },
  {
    keys: [']', '['], label: '[ ]', hint: 'min_exiting', requires: ['set-param'],
    help: 'MIN_EXITING_TASKS_THRESHOLD −1 / +1 (0…64)',
    run: (k, {params}) => {
      const v = params.minExitingTasks;
      return param('minExitingTasks', 'MIN_EXITING_TASKS_THRESHOLD', v, Math.min(64, Math.max(0, v + dirOf(k, ']'))));
    },
  },
  {
    keys: ['>', '<'], label: '< >', hint: 'swapents', requires: ['set-param'],
    help: `MM_SWAPENTS threshold down / up, multiples of SWAP_CLUSTER_MAX (0…${SWAPENTS_LADDER.at(-1)})`,
    run: (k, {params}) => param('swapentsThreshold', 'MM_SWAPENTS threshold', params.swapentsThreshold, stepLadder(SWAPENTS_LADDER, params.swapentsThreshold, dirOf(k, '>'))),
  },
  {
    keys: ['W', 'w'], label: 'w W', hint: 'max_active', requires: ['set-param'],
    help: `max_active ÷2 / ×2 (1…512; 0 is the default ${WQ_DFL_ACTIVE})`,
    run: (k, {params}) => {
      const from = params.maxActive === 0 ? WQ_DFL_ACTIVE : params.maxActive;
      const to = stepLadder(MAX_ACTIVE_LADDER, from, dirOf(k, 'W'));
      return param('maxActive', 'max_active', params.maxActive, to === from ? params.maxActive : to);
    },
  },
  {
    keys: ['m'], label: 'm', hint: 'policy', requires: ['set-policy'], notInCompare: true,
    help: 'policy sync → gather → gather-oom → sync',
    run: (_k, {params}) => {
      const i = POLICY_CYCLE.indexOf(params.policy);
      return send({type: 'set-policy', policy: POLICY_CYCLE[(i + 1) % POLICY_CYCLE.length]!});
    },
  },
  {
    keys: ['c'], label: 'c', hint: 'camera', requires: ['camera-launch'],
    help: 'launch the camera now (a burst of lmkd kills follows)',
    run: () => send({type: 'camera-launch'}),
  },
  {
    keys: ['space'], label: 'space', hint: 'pause', requires: ['pause', 'resume'],
    help: 'pause / resume the simulated clock',
    run: (_k, {status}) => send({type: status.paused ? 'resume' : 'pause'}),
  },
  {
    keys: ['.'], label: '.', hint: 'step', requires: ['step'],
    help: 'one step while paused',
    run: (_k, {status}) => (status.paused ? send({type: 'step'}) : {type: 'no-op', reason: 'pause first (space), then . steps'}),
  },
  {
    keys: ['1', '2', '3', '4', '5'], label: '1-5', hint: 'speed', requires: ['speed'],
    help: `speed ${SPEED_PRESETS.map((s) => `${s}×`).join(' ')}`,
    run: (k) => send({type: 'speed', value: SPEED_PRESETS[Number(k) - 1]!}),
  },
  {
    keys: ['left', 'right'], label: '← →', requires: ['speed'],
    help: `slower / faster (${SPEED_LADDER[0]}×…${SPEED_LADDER.at(-1)}×)`,
    run: (k, {status}) => {
      const to = stepLadder(SPEED_LADDER, status.speed, k === 'right' ? 1 : -1);
      return to === status.speed ? {type: 'no-op', reason: `speed is at its limit (${to}×)`} : send({type: 'speed', value: to});
    },
  },
  {
    keys: ['{', '}'], label: '{ }', requires: ['seek'],
    help: `replay: jump back / forward ${SEEK_S} s`,
    run: (k) => send({type: 'seek', deltaS: k === '}' ? SEEK_S : -SEEK_S}),
  },
  {
    keys: ['r'], label: 'r', hint: 'restart', requires: ['restart'],
    help: 'restart with the same seed',
    run: () => send({type: 'restart'}),
  },
  {
    keys: ['?'], label: '?', hint: 'help', requires: [],
    help: 'this help (Esc, q or ? closes it)',
    run: () => ({type: 'toggle-help'}),
  },
  {
    keys: ['q', 'ctrl-c'], label: 'q ^C', footerLabel: 'q', hint: 'quit', requires: [],
    help: 'quit',
    run: () => ({type: 'quit', code: 0}),
  },
];

/** Whether the source (or both sources, in compare mode) can do what the binding asks. */
export function isAvailable(b: Binding, supports: ReadonlySet<CommandType>, compare: boolean): boolean {
  return !(compare && b.notInCompare) && b.requires.every((c) => supports.has(c));
}

/** Ink's (input, key) as a KeyName, or null for keys the dashboard does not use. */
export function keyName(input: string, key: Key): KeyName | null {
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (key.escape) return 'escape';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
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

export const bindingFor = (name: KeyName): Binding | undefined => KEYMAP.find((b) => b.keys.includes(name));
