/**
 * V8 tuning for the live dashboard, on top of bin/v8-flags.js (which is tuned for headless runs).
 *
 * A dashboard frame is a few milliseconds of JavaScript (the engine's share of 100 ms of simulated
 * time, a snapshot, React and Ink), ten times a second. With the headless interrupt budget, code
 * that runs at that pace reaches TurboFan within seconds, and the kill wave (3 s after start-up, the
 * first time the exit, zap, gather and table paths run) sets off a stream of optimizing compiles,
 * deopts and recompiles on V8's background threads: about a third of the process's CPU over the
 * first 15 s of `aswap --seed 1` was on those threads. A budget ~7.5× the headless one leaves
 * frame-rate code in Sparkplug's baseline code (which is compiled cheaply on the main thread),
 * while the engine still tiers up within a fraction of a second when it runs flat out (an `n` jump,
 * high speeds). Measured with the engine alone over the first 6 simulated seconds of camera-launch
 * seed 1 in 90 frames, CPU ms for the first pass / a warm one, budget 132 000 -> 1 000 000:
 * ~174 / ~49 -> ~125 / ~64; the side-by-side dashboard figures are in the README.
 * ASWAP_V8_DEFAULTS=1 leaves V8 as it is, as for bin/v8-flags.js.
 */
import {setFlagsFromString} from 'node:v8';

export const DASHBOARD_INTERRUPT_BUDGET = 1_000_000;

/** Called once by the commands that open the live dashboard, before it starts. */
export function tuneV8ForDashboard(): void {
  if (process.env.ASWAP_V8_DEFAULTS === '1') return;
  // V8 reads the budget each time it refills a function's counter, so this applies from now on.
  setFlagsFromString(`--interrupt-budget=${DASHBOARD_INTERRUPT_BUDGET}`);
}
