/** Units and the simulated clock shared by the engine's subsystems. */
export const PAGE_SIZE = 4096;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

const DOUBLES = Float64Array.of(0, -1);
/**
 * 0 and −1 as heap numbers (doubles), not small integers: a field first set to one of them is a
 * double field from the start. Simulated nanoseconds outgrow V8's small integers (2^30 ns, about
 * 1.07 s), and a field that changes representation then invalidates the hidden class of every
 * object of its kind and the optimized code built on it (deoptimizations and recompilations during
 * a first run). Fields that hold times, CPU nanoseconds or fractions start with these. Equal to 0
 * and −1 in every way JavaScript can observe.
 */
export const DOUBLE_ZERO: number = DOUBLES[0]!;
export const DOUBLE_MINUS_ONE: number = DOUBLES[1]!;

/** The simulated clock: integer nanoseconds. Only the event loop moves it; every subsystem reads it. */
export interface Clock {
  ns: number;
}
