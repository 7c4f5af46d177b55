/**
 * How each workload says what happens to its tasks: the Android world and kill-burst kill cached
 * apps (SIGKILL → do_task_dead); numa-server's jobs finish on their own (exit_group →
 * do_task_dead); munmap's processes stay alive and unmap a VMA (munmap → the zap done). Reports and
 * the dashboard use these words instead of calling every ending a kill.
 */
export interface WorkloadTerms {
  /** What starts a task's ending: `SIGKILL`, `exit_group`, `munmap`. */
  readonly start: string;
  /** What ends it: `do_task_dead`, or `zap done` for a munmap. */
  readonly end: string;
  /** Endings started, as a count's noun: `kills`, `jobs exited`, `munmaps`. */
  readonly started: string;
  /** Endings finished: `exits`, `munmaps`. */
  readonly finished: string;
  /** One ending, as a row label's first word: `exit`, `munmap`. */
  readonly one: string;
  /** Whether endings start with a kill (a munmap's process lives on: there is nothing to count). */
  readonly killed: boolean;
  /** The latency from start to end: `exit latency`, `munmap time`. */
  readonly latency: string;
}

const KILLS: WorkloadTerms = {start: 'SIGKILL', end: 'do_task_dead', started: 'kills', finished: 'exits', one: 'exit', killed: true, latency: 'exit latency'};

const TERMS: Readonly<Record<string, WorkloadTerms>> = {
  android: KILLS,
  'kill-burst': KILLS,
  'numa-server': {start: 'exit_group', end: 'do_task_dead', started: 'jobs exited', finished: 'exits', one: 'exit', killed: true, latency: 'exit latency'},
  munmap: {start: 'munmap', end: 'zap done', started: 'munmaps', finished: 'munmaps', one: 'munmap', killed: false, latency: 'munmap time'},
};

/** The words of a workload kind (kills when it is unknown, as in traces of older versions). */
export function termsOf(workload: string | undefined): WorkloadTerms {
  return (workload !== undefined ? TERMS[workload] : undefined) ?? KILLS;
}

/** A report's label in a workload's words (`exit latency (SIGKILL → do_task_dead)` → `munmap time (munmap → zap done)`). */
export function inTermsOf(label: string, t: WorkloadTerms): string {
  return label
    .replace('exit latency', t.latency)
    .replace('SIGKILL', t.start)
    .replace('do_task_dead', t.end)
    .replace('kills (all)', t.started)
    .replace('exits measured', `${t.finished} measured`)
    .replace(/exits > /, `${t.finished} > `)
    .replace(/^(\s*)exit p/, `$1${t.one} p`)
    .replace(/^(\s*)exit max/, `$1${t.one} max`);
}
