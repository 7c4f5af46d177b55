/**
 * zod schemas of the Snapshot contract (src/engine/snapshot.ts), for reading traces back. Typed as
 * `z.ZodType<Snapshot>`: a field added to the contract breaks the typecheck here until it is added.
 */
import {z} from 'zod';
import {POLICY_NAMES} from '../engine/params.ts';
import type {LogKind, Params, PolicyName, Snapshot} from '../engine/snapshot.ts';

const LOG_KINDS = ['kill', 'exit', 'flush', 'oom', 'alloc-fail', 'param', 'launch', 'info'] as const satisfies readonly LogKind[];
type Exhaustive<T extends never> = T;
export type _AllLogKinds = Exhaustive<Exclude<LogKind, (typeof LOG_KINDS)[number]>>;

/**
 * JSON.stringify writes NaN and ±Infinity as null; a non-nullable number read back as null was one
 * of those, so it becomes NaN instead of failing the whole frame.
 */
const num = z.union([z.number(), z.null().transform(() => Number.NaN)]);
const int = z.number().int();
const count = z.number().int().nonnegative();

/** Every policy the engine has (POLICY_NAMES): a trace of any of them reads back. */
export const policySchema = z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]);

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
  ptlSpin: z.boolean().optional(),
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
  poolIds: z.array(int).optional(),
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
  fileBytes: num.optional(),
  fileActiveBytes: num.optional(),
  fileInactiveBytes: num.optional(),
  anonBytes: num.optional(),
  kernelBytes: num.optional(),
  refaultsPerSec: num.optional(),
});

const psiLineSchema = z.object({avg10: num, avg60: num, avg300: num, total: num});

const foregroundSchema = z.object({
  app: z.string(),
  state: z.enum(['idle', 'launching', 'preview']),
  launches: num,
  lastLaunchMs: z.number().nullable(),
  frames: num,
  framesLate: num,
  firstFrameMs: z.number().nullable().optional(),
  lateForCpu: num.optional(),
  lateForMemory: num.optional(),
  nextLaunchInNs: z.number().nullable().optional(),
});

const lmkdSchema = z.object({
  lastKill: z.object({comm: z.string(), reason: z.string(), atNs: num}).nullable(),
  killsByReason: z.record(z.string(), num),
  waitingForPid: z.number().nullable(),
  thrashingPct: num,
  thrashingLimitPct: num,
});

const logSchema = z.object({seq: count, tNs: num, kind: z.enum(LOG_KINDS), text: z.string()});

export const snapshotSchema: z.ZodType<Snapshot> = z.object({
  source: z.enum(['sim', 'host', 'replay']),
  scenario: z.string(),
  workload: z.string().optional(),
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
  lmkd: lmkdSchema.nullable().optional(),
  log: z.array(logSchema),
});

/** The first issue of a failed parse, as `path.to.field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
