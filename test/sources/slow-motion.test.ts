import {describe, expect, it} from 'vitest';
import {effectiveSpeed, initialSlowMotion, setEnabled, SLOW_MOTION_HOLD_NS, stepSlowMotion, userSpeed} from '../../src/sources/slow-motion.ts';

const MS = 1_000_000;

describe('slow motion', () => {
  it('starts with the first busy frame and ends a hold after the last one', () => {
    let s = initialSlowMotion();
    s = stepSlowMotion(s, false, 0);
    expect(s.active).toBe(false);
    s = stepSlowMotion(s, true, 100 * MS);
    expect(s.active).toBe(true);
    expect(effectiveSpeed(s, 4)).toBe(0.25);
    s = stepSlowMotion(s, false, 200 * MS);
    s = stepSlowMotion(s, false, 200 * MS + SLOW_MOTION_HOLD_NS - 1);
    expect(s.active).toBe(true);
    s = stepSlowMotion(s, true, 800 * MS);
    s = stepSlowMotion(s, false, 900 * MS);
    s = stepSlowMotion(s, false, 900 * MS + SLOW_MOTION_HOLD_NS);
    expect(s.active).toBe(false);
    expect(effectiveSpeed(s, 4)).toBe(4);
  });

  it('never speeds up a user who is already slower', () => {
    expect(effectiveSpeed({...initialSlowMotion(), active: true}, 0.1)).toBe(0.1);
  });

  it('gives way for the rest of a wave when the user picks a speed, and comes back for the next wave', () => {
    let s = stepSlowMotion(initialSlowMotion(), true, 0);
    s = userSpeed(s);
    expect(s).toMatchObject({active: false, suspended: true});
    s = stepSlowMotion(s, true, 100 * MS);
    expect(s.active).toBe(false);
    s = stepSlowMotion(s, false, 200 * MS);
    s = stepSlowMotion(s, false, 200 * MS + SLOW_MOTION_HOLD_NS);
    s = stepSlowMotion(s, true, 2000 * MS);
    expect(s.active).toBe(true);
  });

  it('does nothing when turned off', () => {
    let s = setEnabled(stepSlowMotion(initialSlowMotion(), true, 0), false);
    expect(s.active).toBe(false);
    s = stepSlowMotion(s, true, 10 * MS);
    expect(s.active).toBe(false);
    expect(setEnabled(s, true)).toEqual(initialSlowMotion(true));
  });
});
