// V8 tuning for aswap's runs, set before any simulation code is compiled (bin/aswap.js imports this
// first; the bench's case does too, so its figures are what a user waits for). A headless run is
// short and its first run is all warm-up: TurboFan compiles on background threads whose CPU time
// counts, and large inlining budgets made those compiles dearer than what they saved. With a
// smaller cumulative inlining budget a first camera-launch run took ~30% less CPU (kill-burst
// gather ~33%, kill-storm ~20%) and the warm steady state stayed within noise (npm run bench).
import {setFlagsFromString} from 'node:v8';

if (process.env.ASWAP_V8_DEFAULTS !== '1') setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
