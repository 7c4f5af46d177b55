// V8 tuning for aswap's runs, set before any simulation code is compiled (bin/aswap.js imports this
// first; the bench's case does too, so its figures are what a user waits for). A headless run is
// short and its first run is all warm-up: TurboFan compiles on background threads whose CPU time
// counts, and large inlining budgets made those compiles dearer than what they saved; tiering up
// a little later leaves fewer functions to compile before the run ends. Measured on the bench
// (first-run CPU, warm within noise): a cumulative inlining budget of 200 bytes (default 920) took
// camera-launch sync ~380 -> ~260 ms, kill-burst gather ~225 -> ~155 ms, kill-storm sync ~186 ->
// ~149 ms; twice the default interrupt budget another 5-10% (steady sync ~382 -> ~335 ms).
// ASWAP_V8_DEFAULTS=1 leaves V8 as it is (for comparisons).
import {setFlagsFromString} from 'node:v8';

if (process.env.ASWAP_V8_DEFAULTS !== '1') {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
  setFlagsFromString('--interrupt-budget=132000');
}
