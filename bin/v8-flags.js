// V8 tuning for aswap's runs, set before any simulation code is compiled (bin/aswap.js imports this
// first; the bench's case does too, so its figures are what a user waits for). A headless run is
// short and its first run is mostly warm-up: TurboFan compiles on background threads whose CPU time
// counts, and V8's large inlining budget made those compiles dearer than what they saved; tiering
// up a little later leaves fewer functions to compile before the run ends. Measured with the bench
// case (CPU ms, first run in a fresh process / best warm of 15, V8 defaults -> these flags):
//   camera-launch sync   ~377 / 16.2  ->  ~246 / 19.7
//   kill-burst gather    ~219 /  8.0  ->  ~148 /  8.7
//   numa-server gather   ~476 / 81.8  ->  ~356 / 86.8
// A cumulative inlining budget of 200 saved a little more on first runs but cost up to 18% warm.
// ASWAP_V8_DEFAULTS=1 leaves V8 as it is (for comparisons).
import {setFlagsFromString} from 'node:v8';

/** Sets the flags (again: a process started from a V8 startup snapshot does not keep them). */
export function tuneV8() {
  if (process.env.ASWAP_V8_DEFAULTS === '1') return;
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  setFlagsFromString('--interrupt-budget=132000');
}

tuneV8();
