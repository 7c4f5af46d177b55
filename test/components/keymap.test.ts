import {describe, expect, it} from 'vitest';
import type {Key} from 'ink';
import {functionKey, isAvailable, KEYMAP, keyName, keyNames, knobBinding, nextPolicy, stepLadder, type KeyContext, type KeyName} from '../../components/keymap.ts';
import {actionFor, initialUiState, pressKey, reduceUi, scrollLog, type UiState} from '../../components/ui-state.ts';
import {POLICY_NAMES} from '../../src/engine/params.ts';
import type {Params} from '../../src/engine/snapshot.ts';
import type {Command, CommandType, SourceStatus} from '../../src/sources/source.ts';

const ALL: readonly CommandType[] = ['flush', 'set-param', 'set-policy', 'camera-launch', 'pause', 'resume', 'step', 'speed', 'restart', 'next-event', 'slow-motion'];
const PARAMS: Params = {policy: 'gather-oom', minExitingTasks: 1, swapentsThreshold: 3200, maxCacheEntries: 32, maxActive: 0};

function ctx(over: {params?: Partial<Params>; paused?: boolean; speed?: number; supports?: readonly CommandType[]; compare?: boolean; status?: Partial<SourceStatus>} = {}): KeyContext {
  return {
    params: {...PARAMS, ...over.params},
    status: {paused: over.paused ?? false, speed: over.speed ?? 1, note: null, ...over.status},
    supports: new Set(over.supports ?? ALL),
    kind: over.supports ? 'host' : 'sim',
    compare: over.compare ?? false,
    logPage: 5,
  };
}

/** The command one key sends from the initial state. */
const command = (key: KeyName, c: KeyContext = ctx()): Command | null => pressKey(initialUiState, key, c).command;

/** Runs keys in order from the initial state; returns the last state and every command sent. */
function run(keys: readonly KeyName[], c: KeyContext = ctx()): {state: UiState; commands: Command[]} {
  let state = initialUiState;
  const commands: Command[] = [];
  for (const k of keys) {
    const r = pressKey(state, k, c);
    state = r.state;
    if (r.command) commands.push(r.command);
  }
  return {state, commands};
}

describe('keymap → commands', () => {
  it('f forces a flush; m and M walk every policy of the engine’s registry, wrapping', () => {
    expect(command('f')).toEqual({type: 'flush'});
    let policy: string = POLICY_NAMES[0]!;
    const seen: string[] = [];
    for (let i = 0; i < POLICY_NAMES.length; i++) {
      seen.push(policy);
      policy = (command('m', ctx({params: {policy: policy as Params['policy']}})) as {policy: string}).policy;
    }
    expect(seen).toEqual([...POLICY_NAMES]);
    expect(policy).toBe(POLICY_NAMES[0]);
    expect(command('M', ctx({params: {policy: POLICY_NAMES[0]!}}))).toEqual({type: 'set-policy', policy: POLICY_NAMES.at(-1)});
    expect(nextPolicy('no-such-policy', 1)).toBe(POLICY_NAMES[0]);
  });

  it('+ and - double and halve max_cache_entries, never below 1', () => {
    expect(command('+')).toEqual({type: 'set-param', key: 'maxCacheEntries', value: 64});
    expect(command('-')).toEqual({type: 'set-param', key: 'maxCacheEntries', value: 16});
    expect(command('-', ctx({params: {maxCacheEntries: 1}}))).toBeNull();
    expect(pressKey(initialUiState, '-', ctx({params: {maxCacheEntries: 1}})).state.notice).toBe('max_cache_entries is at its limit (1)');
  });

  it('[ and ] step MIN_EXITING_TASKS_THRESHOLD by one, never below 0', () => {
    expect(command(']')).toEqual({type: 'set-param', key: 'minExitingTasks', value: 2});
    expect(command('[')).toEqual({type: 'set-param', key: 'minExitingTasks', value: 0});
    expect(command('[', ctx({params: {minExitingTasks: 0}}))).toBeNull();
  });

  it('s and S walk the MM_SWAPENTS threshold over multiples of SWAP_CLUSTER_MAX; < and > (sort keys in htop) do nothing', () => {
    expect(command('S')).toEqual({type: 'set-param', key: 'swapentsThreshold', value: 6400});
    expect(command('s')).toEqual({type: 'set-param', key: 'swapentsThreshold', value: 1600});
    expect(command('s', ctx({params: {swapentsThreshold: 32}}))).toEqual({type: 'set-param', key: 'swapentsThreshold', value: 0});
    expect(command('s', ctx({params: {swapentsThreshold: 0}}))).toBeNull();
    // A value off the ladder steps to its neighbours on it.
    expect(command('S', ctx({params: {swapentsThreshold: 1000}}))).toEqual({type: 'set-param', key: 'swapentsThreshold', value: 1600});
    expect(command('<')).toBeNull();
    expect(command('>')).toBeNull();
  });

  it('w and W halve and double max_active; 0 is the default 256 and is never stepped back to', () => {
    expect(command('w')).toEqual({type: 'set-param', key: 'maxActive', value: 128});
    expect(command('W')).toEqual({type: 'set-param', key: 'maxActive', value: 512});
    expect(command('w', ctx({params: {maxActive: 2}}))).toEqual({type: 'set-param', key: 'maxActive', value: 1});
    expect(command('w', ctx({params: {maxActive: 1}}))).toBeNull();
    expect(command('W', ctx({params: {maxActive: 512}}))).toBeNull();
  });

  it('the knob keys say so when the running policy does not read v0’s knobs, and act when either compared policy does', () => {
    for (const key of ['s', 'S', '+', '-', '[', ']', 'w', 'W']) {
      const {state, commands} = run([key], ctx({params: {policy: 'zs-deferred'}}));
      expect(commands).toEqual([]);
      expect(state.notice).toMatch(/^[sS+\-[\]wW ]+: zs-deferred does not read /);
    }
    expect(run(['s'], ctx({params: {policy: 'sync'}})).state.notice).toBe('s S: sync does not read the MM_SWAPENTS threshold');
    expect(command('S', {...ctx({params: {policy: 'sync'}, compare: true}), otherPolicy: 'gather'})).toEqual({type: 'set-param', key: 'swapentsThreshold', value: 6400});
    expect(run(['+'], {...ctx({params: {policy: 'sync'}, compare: true}), otherPolicy: 'tlb-gather-2024'}).state.notice).toBe('+ -: sync and tlb-gather-2024 do not read max_cache_entries');
  });

  it('{ and } seek a replay', () => {
    expect(command('}', ctx({supports: ['seek']}))).toEqual({type: 'seek', deltaS: 10});
    expect(command('{', ctx({supports: ['seek']}))).toEqual({type: 'seek', deltaS: -10});
    expect(command('}')).toBeNull();
  });

  it('c launches the camera; r restarts keeping the user’s settings, R with the run’s own', () => {
    expect(command('c')).toEqual({type: 'camera-launch'});
    expect(command('r')).toEqual({type: 'restart', defaults: false});
    expect(command('R')).toEqual({type: 'restart', defaults: true});
  });

  it('n jumps to the next event; a turns slow motion off and on', () => {
    expect(command('n')).toEqual({type: 'next-event'});
    expect(command('a', ctx({status: {slowMotion: {enabled: true, active: true, speed: 0.25}}}))).toEqual({type: 'slow-motion', enabled: false});
    expect(command('a', ctx({status: {slowMotion: {enabled: false, active: false, speed: 0.25}}}))).toEqual({type: 'slow-motion', enabled: true});
  });

  it('space pauses a running source and resumes a paused one; . steps only while paused', () => {
    expect(command('space')).toEqual({type: 'pause'});
    expect(command('space', ctx({paused: true}))).toEqual({type: 'resume'});
    expect(command('.', ctx({paused: true}))).toEqual({type: 'step'});
    expect(command('.')).toBeNull();
  });

  it('1–5 pick the speed presets; ← and → walk the speed ladder from the user’s speed, slow motion or not', () => {
    expect(['1', '2', '3', '4', '5'].map((k) => command(k))).toEqual([0.1, 0.25, 1, 4, 20].map((value) => ({type: 'speed', value})));
    expect(command('right')).toEqual({type: 'speed', value: 2});
    expect(command('left')).toEqual({type: 'speed', value: 0.5});
    expect(command('left', ctx({speed: 0.05}))).toBeNull();
    expect(command('right', ctx({speed: 3}))).toEqual({type: 'speed', value: 4});
    expect(command('right', ctx({status: {speed: 0.25, baseSpeed: 4}}))).toEqual({type: 'speed', value: 10});
  });

  it('sends nothing for keys that are not in the table, and says so', () => {
    const {state, commands} = run(['x', 'Z', 'escape', '0']);
    expect(commands).toEqual([]);
    expect(state.notice).toBe('0: no such key (? lists them)');
    expect(run(['escape']).state.notice).toBeNull();
  });
});

describe('ui state', () => {
  it('?, h and F1 open the help; Esc, q, ?, h or F1 close it; q there does not quit', () => {
    for (const open of ['?', 'h', 'f1']) expect(run([open]).state.helpOpen).toBe(true);
    for (const close of ['escape', 'q', '?', 'h', 'f1']) {
      const {state} = run(['?', close]);
      expect(state).toEqual(initialUiState);
    }
    expect(run(['?']).state.helpOpen).toBe(true);
  });

  it('the help is modal: other keys do nothing while it is open, Ctrl-C still quits', () => {
    expect(run(['?', 'f', '+', 'space']).commands).toEqual([]);
    expect(run(['?', 'ctrl-c']).state.quit).toBe(0);
  });

  it('q, F10 and Ctrl-C quit with status 0; F10 also from the help', () => {
    expect(run(['q']).state.quit).toBe(0);
    expect(run(['f10']).state.quit).toBe(0);
    expect(run(['ctrl-c']).state.quit).toBe(0);
    expect(run(['?', 'f10']).state.quit).toBe(0);
  });

  it('a key whose command the source lacks does nothing and says so', () => {
    const host = ctx({supports: ['pause', 'resume']});
    const {state, commands} = run(['f', 'c', '+'], host);
    expect(commands).toEqual([]);
    expect(state.notice).toBe('+ -: n/a on the host source');
    expect(run(['space'], host).commands).toEqual([{type: 'pause'}]);
  });

  it('compare mode keeps each side’s policy: m is n/a there', () => {
    expect(actionFor(initialUiState, 'm', ctx({compare: true}))).toEqual({type: 'no-op', reason: 'm M: n/a in compare mode'});
  });

  it('the arrow and page keys scroll the log back like less, anchored on the newest entry, clamped at both ends', () => {
    const log = Array.from({length: 20}, (_, i) => ({seq: 100 + i}));
    const c = ctx();
    let state = initialUiState;
    const press = (k: KeyName) => (state = pressKey(state, k, c, {log}).state);
    press('up');
    expect(state.logScroll).toEqual({anchorSeq: 119, back: 1});
    press('pageup');
    expect(state.logScroll).toEqual({anchorSeq: 119, back: 6});
    press('home');
    expect(state.logScroll).toEqual({anchorSeq: 119, back: 19});
    press('up');
    expect(state.logScroll!.back).toBe(19);
    press('pagedown');
    expect(state.logScroll!.back).toBe(14);
    press('end');
    expect(state.logScroll).toBeNull();
    press('down');
    expect(state.notice).toBe('log: already at the newest entry (End follows)');
    expect(scrollLog(null, 1, [])).toBeNull();
  });

  it('a key that acts clears the last notice', () => {
    const s = reduceUi(initialUiState, {type: 'no-op', reason: 'x'});
    expect(pressKey(s, 'f', ctx()).state.notice).toBeNull();
  });
});

describe('keymap table', () => {
  it('binds every key once', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('marks a binding unavailable unless the source supports every command it needs', () => {
    const space = KEYMAP.find((b) => b.keys.includes('space'))!;
    expect(isAvailable(space, new Set(['pause']), false)).toBe(false);
    expect(isAvailable(space, new Set(['pause', 'resume']), false)).toBe(true);
    expect(isAvailable(KEYMAP.find((b) => b.keys.includes('q'))!, new Set(), false)).toBe(true);
  });

  it('labels each knob with its keys (the header shows them next to the value)', () => {
    expect(knobBinding('swapentsThreshold')!.keys).toEqual(['s', 'S']);
    expect(knobBinding('maxCacheEntries')!.keys).toEqual(['+', '-']);
  });

  it('reads F1 and F10 from the raw sequences terminals send', () => {
    expect(['\x1bOP', '\x1b[11~', '\x1b[21~', '\x1b[A', 'q'].map(functionKey)).toEqual(['f1', 'f1', 'f10', null, null]);
  });

  it('names Ink key events', () => {
    const key = (k: Partial<Key>): Key => ({upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...k});
    expect(keyName('c', key({ctrl: true}))).toBe('ctrl-c');
    expect(keyName('', key({escape: true, meta: true}))).toBe('escape');
    expect(keyName('', key({leftArrow: true}))).toBe('left');
    expect(keyName('', key({upArrow: true}))).toBe('up');
    expect(keyName('', key({pageDown: true}))).toBe('pagedown');
    expect(keyName('', key({end: true}))).toBe('end');
    expect(keyName(' ', key({}))).toBe('space');
    expect(keyName('W', key({shift: true}))).toBe('W');
    expect(keyName('ab', key({}))).toBeNull();
    // Keys typed fast or pasted arrive in one read: each one counts.
    expect(keyNames('++', key({}))).toEqual(['+', '+']);
    expect(keyNames('f ', key({}))).toEqual(['f', 'space']);
    expect(keyNames('q', key({}))).toEqual(['q']);
    expect(keyNames('ab', key({ctrl: true}))).toEqual([]);
  });

  it('stepLadder stays put at the ends', () => {
    expect(stepLadder([1, 2, 4], 4, 1)).toBe(4);
    expect(stepLadder([1, 2, 4], 1, -1)).toBe(1);
    expect(stepLadder([1, 2, 4], 3, -1)).toBe(2);
  });
});
