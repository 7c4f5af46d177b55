import {describe, expect, it} from 'vitest';
import {
  parseAswapFreeCounts,
  parseCpuList,
  parseCpuStat,
  parseKernelRelease,
  parseKworkerComm,
  parseMeminfo,
  parseNodeMeminfo,
  parsePressure,
  parseProcStat,
  parseSwaps,
  parseVmstat,
  parseZoneinfoWatermarks,
  parseZramMmStat,
} from '../../src/sources/host-parse.ts';

describe('parsePressure', () => {
  it('reads the some and full lines', () => {
    expect(parsePressure('some avg10=1.53 avg60=0.87 avg300=0.22 total=12345678\nfull avg10=0.41 avg60=0.20 avg300=0.05 total=2345678\n')).toEqual({
      some: {avg10: 1.53, avg60: 0.87, avg300: 0.22, total: 12_345_678},
      full: {avg10: 0.41, avg60: 0.2, avg300: 0.05, total: 2_345_678},
    });
  });
  it.each(['', 'some avg10=1.53 avg60=0.8', 'some avg10=1.53 avg60=0.87 avg300=0.22 total=1\n', 'full avg10=0.00 avg60=0.00 avg300=0.00 total=0\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n'])(
    'rejects %j',
    (text) => expect(parsePressure(text)).toBeNull(),
  );
});

describe('parseMeminfo', () => {
  it('reads MemTotal, MemFree, SwapTotal, SwapFree in bytes', () => {
    const text = 'MemTotal:       16384000 kB\nMemFree:         1234567 kB\nActive(anon):    3000000 kB\nSwapTotal:       8388604 kB\nSwapFree:        6291452 kB\nHugePages_Total:       0\n';
    expect(parseMeminfo(text)).toEqual({memTotalBytes: 16_777_216_000, memFreeBytes: 1_264_196_608, swapTotalBytes: 8_589_930_496, swapFreeBytes: 6_442_446_848});
  });
  it.each(['', '\x7fELF garbage MemTotal: lots\nMemFree: -1 kB\n', 'MemTotal: 10 kB\nMemFree: 5 kB\n', 'MemTotal: 10 kB\nMemFree: 50 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n'])(
    'rejects %j',
    (text) => expect(parseMeminfo(text)).toBeNull(),
  );
});

describe('parseNodeMeminfo', () => {
  it('reads a node file', () => {
    expect(parseNodeMeminfo('Node 1 MemTotal:        8192000 kB\nNode 1 MemFree:          634567 kB\nNode 1 HugePages_Total:     0\n')).toEqual({
      node: 1,
      totalBytes: 8_388_608_000,
      freeBytes: 649_796_608,
    });
  });
  it('rejects garbage', () => expect(parseNodeMeminfo('garbage\n')).toBeNull());
});

describe('parseZoneinfoWatermarks', () => {
  const zone = (name: string, min: number, low: number, high: number) =>
    `Node 0, zone ${name}\n  pages free     3840\n        boost    0\n        min      ${min}\n        low      ${low}\n        high     ${high}\n        promo    0\n        protection: (0, 0)\n  pagesets\n    cpu: 0\n              count: 12\n              high:  378\n              batch: 63\n`;
  it('sums min/low/high over zones, ignoring the pagesets high:', () => {
    expect(parseZoneinfoWatermarks(zone('DMA', 8, 10, 12) + zone('Normal', 1000, 1250, 1500))).toEqual({minPages: 1008, lowPages: 1260, highPages: 1512, zones: 2});
  });
  it('rejects a zone without all three, and text without zones', () => {
    expect(parseZoneinfoWatermarks('Node 0, zone   Normal\n        min      10\n        low      12\n')).toBeNull();
    expect(parseZoneinfoWatermarks('nothing here\n')).toBeNull();
  });
});

describe('parseVmstat', () => {
  it('reads name value lines', () => {
    const v = parseVmstat('nr_free_pages 308641\nasync_swap_count 4242\n');
    expect(v?.get('async_swap_count')).toBe(4242);
    expect(v?.get('nr_free_pages')).toBe(308_641);
  });
  it('rejects a garbled line', () => expect(parseVmstat('nr_free_pages 1\nasync_swap_cou')).toBeNull());
});

describe('parseSwaps', () => {
  it('reads devices in bytes', () => {
    expect(parseSwaps('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0                              partition\t8388604\t\t2097152\t\t100\n/swap file\tfile\t1024\t0\t-2\n')).toEqual([
      {filename: '/dev/zram0', type: 'partition', sizeBytes: 8_589_930_496, usedBytes: 2_147_483_648, priority: 100},
      {filename: '/swap file', type: 'file', sizeBytes: 1_048_576, usedBytes: 0, priority: -2},
    ]);
  });
  it('reads no swap as an empty list', () => expect(parseSwaps('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n')).toEqual([]));
  it('rejects a bad row or a missing header', () => {
    expect(parseSwaps('Filename\tType\tSize\tUsed\tPriority\n/dev/zram0 partition lots 0 100\n')).toBeNull();
    expect(parseSwaps('/dev/zram0 partition 1 0 100\n')).toBeNull();
  });
});

describe('parseZramMmStat', () => {
  it('reads orig_data_size, compr_data_size, mem_used_total', () => {
    expect(parseZramMmStat('1073741824 357913941 369098752        0 402653184    12345        0        0        0\n')).toEqual({
      origDataSize: 1_073_741_824,
      comprDataSize: 357_913_941,
      memUsedTotal: 369_098_752,
    });
  });
  it('rejects a truncated line', () => expect(parseZramMmStat('1073741824 357913941\n')).toBeNull());
});

describe('parseAswapFreeCounts', () => {
  it('reads the exact format of async_swap_free_counts_show()', () => {
    expect(parseAswapFreeCounts('exiting_tasks:3 cache_counts:17\n')).toEqual({exitingTasks: 3, cacheCounts: 17});
  });
  it.each(['exiting_tasks:3 cache_co', 'exiting_tasks: 3 cache_counts: 17\n', ''])('rejects %j', (text) => expect(parseAswapFreeCounts(text)).toBeNull());
});

describe('parseKworkerComm', () => {
  it.each([
    ['kworker/u17:2+async_swap_free\n', {name: 'kworker/u17:2', poolId: 17, workerId: 2, busy: true, workqueue: 'async_swap_free'}],
    ['kworker/u18:1-async_swap_free', {name: 'kworker/u18:1', poolId: 18, workerId: 1, busy: false, workqueue: 'async_swap_free'}],
    ['kworker/u8:2', {name: 'kworker/u8:2', poolId: 8, workerId: 2, busy: false, workqueue: null}],
  ])('reads %j', (comm, expected) => expect(parseKworkerComm(comm)).toEqual(expected));
  it.each(['kworker/2:1H-kblockd', 'kworker/R-async_swap_free', 'kswapd0', 'kworker/u17'])('ignores %j', (comm) => expect(parseKworkerComm(comm)).toBeNull());
});

describe('parseProcStat', () => {
  const fields = (comm: string) =>
    `100 (${comm}) R 2 0 0 0 -1 69238880 0 0 0 0 150 230 0 0 0 -20 1 0 5000 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 6 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
  it('reads state, utime+stime and the CPU (field 39)', () => {
    expect(parseProcStat(fields('kworker/u17:2+async_swap_free'))).toEqual({pid: 100, comm: 'kworker/u17:2+async_swap_free', state: 'R', cpuTicks: 380, processor: 6});
  });
  it('splits after the last parenthesis of a comm with spaces and parentheses', () => {
    expect(parseProcStat(fields('a) (b c'))?.comm).toBe('a) (b c');
    expect(parseProcStat(fields('a) (b c'))?.processor).toBe(6);
  });
  it('rejects a truncated stat', () => expect(parseProcStat('77 (kworker/u9:1+async_swap_free) R 2 0')).toBeNull());
});

describe('small formats', () => {
  it('parses cpulists', () => {
    expect(parseCpuList('0-3,8-9,12\n')).toEqual([0, 1, 2, 3, 8, 9, 12]);
    expect(parseCpuList('\n')).toEqual([]);
    expect(parseCpuList('0-x\n')).toBeNull();
    expect(parseCpuList('3-1')).toBeNull();
  });
  it('parses per-CPU lines of /proc/stat', () => {
    const cpus = parseCpuStat('cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 5 1 4 50 2 1 1 1 0 0\ncpu1 5 0 5 50 0 0 0 0 0 0\nintr 1 2\n');
    expect(cpus?.get(0)).toEqual({busy: 13, total: 65});
    expect(cpus?.get(1)).toEqual({busy: 10, total: 60});
    expect(parseCpuStat('cpu  1 2 3\nintr 0\n')).toBeNull();
  });
  it('parses kernel releases', () => {
    expect(parseKernelRelease('6.12.38-android16-5-g1234\n')).toEqual([6, 12]);
    expect(parseKernelRelease('weird')).toBeNull();
  });
});
