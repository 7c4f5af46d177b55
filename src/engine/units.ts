/** Units and the simulated clock shared by the engine's subsystems. */
export const PAGE_SIZE = 4096;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** The simulated clock: integer nanoseconds. Only the event loop moves it; every subsystem reads it. */
export interface Clock {
  ns: number;
}
