/**
 * One read of the host's /proc and /sys (or of a copy under `--proc-root DIR`: `DIR/proc/…`,
 * `DIR/sys/…`). Read-only and synchronous: a poll is a few hundred small reads, once a second, each one
 * bounded (HOST_FILE_MAX_BYTES, regular files only, never blocking).
 * A missing file leaves its section null; a malformed one too, and its path lands in `malformed`.
 */
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {BoundedReadError, readBounded} from '../bounded-read.ts';
import type {PsiSnapshot} from '../engine/snapshot.ts';
import {
  parseAswapFreeCounts,
  parseCpuList,
  parseCpuStat,
  parseKernelRelease,
  parseKworkerComm,
  parseMeminfo,
  parseNodeMeminfo,
  parseProcStat,
  parsePressure,
  parseSwaps,
  parseVmstat,
  parseZoneinfoWatermarks,
  parseZramMmStat,
  type AswapFreeCounts,
  type CpuTimes,
  type KworkerComm,
  type MemInfo,
  type NodeMemInfo,
  type SwapDevice,
  type Watermarks,
  type ZramMmStat,
} from './host-parse.ts';

/** An unbound kworker (`kworker/u…`) with its CPU accounting. */
export interface HostKworker extends KworkerComm {
  readonly pid: number;
  /** /proc/PID/stat field 3. */
  readonly state: string;
  /** utime + stime in USER_HZ ticks (100 per second). */
  readonly cpuTicks: number;
  /** The CPU it last ran on. */
  readonly processor: number;
}

export interface HostSample {
  readonly hostname: string | null;
  /** Kernel version (major, minor) from /proc/sys/kernel/osrelease. */
  readonly release: readonly [number, number] | null;
  readonly psi: PsiSnapshot | null;
  readonly meminfo: MemInfo | null;
  /** Per-node meminfo, by node number. */
  readonly nodeMeminfo: readonly NodeMemInfo[];
  readonly watermarks: Watermarks | null;
  readonly vmstat: ReadonlyMap<string, number> | null;
  readonly swaps: readonly SwapDevice[] | null;
  /** mm_stat of every zram device that has one; null when there is none. */
  readonly zram: readonly ({readonly device: string} & ZramMmStat)[] | null;
  /** /proc/aswap_free_counts: null when the patch is absent (or the file is malformed). */
  readonly aswap: AswapFreeCounts | null;
  /** NUMA nodes and their CPUs (nodeN/cpulist); empty without /sys/devices/system/node. */
  readonly numa: readonly {readonly node: number; readonly cpus: readonly number[]}[];
  readonly cpuTimes: ReadonlyMap<number, CpuTimes> | null;
  /** cpu_capacity (arm64 big.LITTLE), by CPU, when the kernel exports it. */
  readonly cpuCapacity: ReadonlyMap<number, number>;
  /** Every `kworker/u*` task, whatever workqueue it last served. */
  readonly kworkers: readonly HostKworker[];
  /** Key files that do not exist (`proc/pressure/memory`, `proc/meminfo`, `proc/aswap_free_counts`). */
  readonly absent: readonly string[];
  /** Files that exist but do not parse, relative to the root. */
  readonly malformed: readonly string[];
}

/**
 * The largest proc or sys file read: /proc/zoneinfo of a machine with hundreds of zones is a few
 * hundred KB. A bigger file, a device (a symbolic link to /dev/zero) or a FIFO is not what the kernel
 * shows there: it is skipped, never read without end or waited on.
 */
export const HOST_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** A file's text; null if it cannot be read; `refused` if it is there but is no proc file (see HOST_FILE_MAX_BYTES). */
function readText(root: string, rel: string): string | null | 'refused' {
  try {
    return readBounded(join(root, rel), {maxBytes: HOST_FILE_MAX_BYTES});
  } catch (error) {
    return error instanceof BoundedReadError && error.code.startsWith('ASWAP_') ? 'refused' : null;
  }
}

/** A file's text, or null when it cannot be read or is refused. */
function textOf(root: string, rel: string): string | null {
  const text = readText(root, rel);
  return text === 'refused' ? null : text;
}

function list(root: string, rel: string): string[] {
  try {
    return readdirSync(join(root, rel));
  } catch {
    return [];
  }
}

function byNumber(prefix: string): (a: string, b: string) => number {
  return (a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length));
}

/** Reads every file the host monitor needs under `root` ('/' for this machine). Never throws. */
export function readHostSample(root: string): HostSample {
  const absent: string[] = [];
  const malformed: string[] = [];
  /** Reads and parses one file: null if absent (noted when `key`) or malformed (noted). */
  const section = <T>(rel: string, parse: (text: string) => T | null, key = false): T | null => {
    const text = readText(root, rel);
    if (text === null) {
      if (key) absent.push(rel);
      return null;
    }
    if (text === 'refused') {
      malformed.push(rel);
      return null;
    }
    const value = parse(text);
    if (value === null) malformed.push(rel);
    return value;
  };

  const hostname = textOf(root, 'proc/sys/kernel/hostname')?.trim() || null;
  const osrelease = textOf(root, 'proc/sys/kernel/osrelease');
  const release = osrelease === null ? null : parseKernelRelease(osrelease);

  const nodeDir = 'sys/devices/system/node';
  const nodeNames = list(root, nodeDir).filter((n) => /^node\d+$/.test(n)).sort(byNumber('node'));
  const numa: {node: number; cpus: readonly number[]}[] = [];
  const nodeMeminfo: NodeMemInfo[] = [];
  for (const name of nodeNames) {
    const cpus = section(`${nodeDir}/${name}/cpulist`, parseCpuList);
    if (cpus) numa.push({node: Number(name.slice(4)), cpus});
    const mem = section(`${nodeDir}/${name}/meminfo`, parseNodeMeminfo);
    if (mem) nodeMeminfo.push(mem);
  }

  const zram: ({device: string} & ZramMmStat)[] = [];
  for (const device of list(root, 'sys/block').filter((d) => /^zram\d+$/.test(d)).sort(byNumber('zram'))) {
    const stat = section(`sys/block/${device}/mm_stat`, parseZramMmStat);
    if (stat) zram.push({device, ...stat});
  }

  const cpuCapacity = new Map<number, number>();
  for (const cpu of list(root, 'sys/devices/system/cpu').filter((c) => /^cpu\d+$/.test(c))) {
    const text = textOf(root, `sys/devices/system/cpu/${cpu}/cpu_capacity`);
    if (text !== null && /^\d+\s*$/.test(text)) cpuCapacity.set(Number(cpu.slice(3)), Number(text));
  }

  return {
    hostname,
    release,
    psi: section('proc/pressure/memory', parsePressure, true),
    meminfo: section('proc/meminfo', parseMeminfo, true),
    nodeMeminfo,
    watermarks: section('proc/zoneinfo', parseZoneinfoWatermarks),
    vmstat: section('proc/vmstat', parseVmstat),
    swaps: section('proc/swaps', parseSwaps),
    zram: zram.length > 0 ? zram : null,
    aswap: section('proc/aswap_free_counts', parseAswapFreeCounts, true),
    numa,
    cpuTimes: section('proc/stat', parseCpuStat),
    cpuCapacity,
    kworkers: readKworkers(root),
    absent,
    malformed,
  };
}

/**
 * Scans /proc/[0-9]*\/comm for unbound kworkers and reads their stat. Tasks that vanish between
 * the two reads are skipped, silently: that is a race, not a malformed file.
 */
function readKworkers(root: string): HostKworker[] {
  const kworkers: HostKworker[] = [];
  for (const pid of list(root, 'proc').filter((p) => /^\d+$/.test(p)).sort((a, b) => Number(a) - Number(b))) {
    const comm = textOf(root, `proc/${pid}/comm`);
    const parsed = comm === null ? null : parseKworkerComm(comm);
    if (!parsed) continue;
    const statText = textOf(root, `proc/${pid}/stat`);
    const stat = statText === null ? null : parseProcStat(statText);
    if (!stat) continue;
    kworkers.push({...parsed, pid: stat.pid, state: stat.state, cpuTicks: stat.cpuTicks, processor: stat.processor});
  }
  return kworkers;
}
