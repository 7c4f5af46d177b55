/**
 * zod schemas of the Snapshot contract (src/engine/snapshot.ts), for reading traces back. Typed as
 * `z.ZodType<Snapshot>`: a field added to the contract breaks the typecheck here until it is added.
 */
import {z} from 'zod';
import type {LogKind, Params, PolicyName, Snapshot} from '../engine/snapshot.ts';

/** Every PolicyName; the `satisfies` and the check below fail to compile when the union changes. */
const POLICIES = ['sync', 'gather', 'gather-oom', 'tlb-gather-2024', 'zram-async-gc', 'zs-deferred', 'swap-table'] as const satisfies readonly PolicyName[];
const LOG_KINDS = ['kill', 'exit', 'flush', 'oom', 'alloc-fail', 'param', 'launch', 'info'] as const satisfies readonly LogKind[];
type Exhaustive<T extends never> = T;
export type _AllPolicies = Exhaustive<Exclude<PolicyName, (typeof POLICIES)[number]>>;
export type _AllLogKinds = Exhaustive<Exclude<LogKind, (typeof LOG_KINDS)[number]>>;

/**
 * JSON.stringify writes NaN and ±Infinity as null; a non-nullable number read back as null was one
 * of those, so it becomes NaN instead of failing the whole frame.
 */
const num = z.union([z.number(), z.null().transform(() => Number.NaN)]);
const int = z.number().int();
const count = z.number().int().nonnegative();

export const policySchema = z.enum(POLICIES);

export const paramsSchema: z.ZodType<Params> = z.object({
  policy: policySchema,
  minExitingTasks: num,
  swapentsThreshold: num,
  maxCacheEntries: num,
  maxActive: num,
});

const taskSchema = z.object({
  pid: int,
  comm: z.string(),
  oomScoreAdj: num,
  state: z.enum(['killed', 'do_exit', 'munmap']),
  running: z.boolean(),
  cpu: int.nullable(),
  swapEntriesAtKill: num,
  swapEntriesLeft: num,
  freedSync: num,
  gathered: num,
  rssPagesLeft: num,
  reaped: z.boolean(),
  killedAtNs: num,
  elapsedMs: num,
});

const exitsSchema = z.object({
  recentMs: z.array(num),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  releaseP50Ms: z.number().nullable().optional(),
  releaseP99Ms: z.number().nullable().optional(),
  kills: num,
  exits: num,
});

const gatherSchema = z.object({
  cacheCount: num,
  maxCacheEntries: num,
  entriesParked: num,
  zramBytesHeld: num,
  peak: num,
  flushes: z.object({threshold: num, oom: num, manual: num}),
  workQueued: num,
  workEmpty: num,
  asyncSwapCount: num,
  allocFailures: z.object({node: num, work: num}),
  history: z.array(num),
});

const kworkerSchema = z.object({
  name: z.string(),
  busy: z.boolean(),
  running: z.boolean(),
  cpu: int.nullable(),
  worksRun: num,
  entriesFreed: num,
  cpuMs: num,
});

const nodeSchema = z.object({
  node: int,
  poolId: int,
  cpus: num,
  nrActive: num,
  maxActive: num,
  pending: num,
  kworkers: z.array(kworkerSchema),
  worksRun: num,
  entriesFreed: num,
  entriesFreedPerSec: num,
  cpuBusyPct: num,
  workqueues: z.array(z.object({name: z.string(), nrActive: num, maxActive: num, pending: num})).optional(),
});

const releaseSchema = z.object({
  policy: z.string(),
  counters: z.array(z.object({name: z.string(), value: num, unit: z.string()})),
});

const cpuSchema = z.object({
  cpu: int,
  node: int,
  capacity: num,
  busyPct: num,
  current: z.string().nullable(),
});

const memorySchema = z.object({
  totalBytes: num,
  freeBytes: num,
  minBytes: num,
  lowBytes: num,
  highBytes: num,
  zramBytes: num,
  zramOrigBytes: num,
  swapUsedBytes: num,
  swapTotalBytes: num,
  nodes: z.array(z.object({node: int, freeBytes: num, totalBytes: num})),
});

const psiLineSchema = z.object({avg10: num, avg60: num, avg300: num, total: num});

const foregroundSchema = z.object({
  app: z.string(),
  state: z.enum(['idle', 'launching', 'preview']),
  launches: num,
  lastLaunchMs: z.number().nullable(),
  frames: num,
  framesLate: num,
});

const logSchema = z.object({seq: count, tNs: num, kind: z.enum(LOG_KINDS), text: z.string()});

export const snapshotSchema: z.ZodType<Snapshot> = z.object({
  source: z.enum(['sim', 'host', 'replay']),
  scenario: z.string(),
  device: z.string(),
  seed: num,
  nowNs: z.number(),
  params: paramsSchema,
  exitingTasks: z.number().nullable(),
  tasks: z.array(taskSchema),
  exits: exitsSchema,
  gather: gatherSchema.nullable(),
  release: releaseSchema.nullable().optional(),
  nodes: z.array(nodeSchema).nullable(),
  cpus: z.array(cpuSchema),
  memory: memorySchema.nullable(),
  psi: z.object({some: psiLineSchema, full: psiLineSchema}).nullable(),
  foreground: foregroundSchema.nullable(),
  log: z.array(logSchema),
});

/** The first issue of a failed parse, as `path.to.field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
