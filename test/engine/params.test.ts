import {describe, expect, it} from 'vitest';
import {Engine} from '../../src/engine/engine.ts';
import {DEVICES} from '../../src/engine/devices.ts';
import {DEFAULT_PARAMS, ENGINE_KNOB_DOCS, POLICIES, POLICY_NAMES, WQ_DFL_ACTIVE, checkParam, isPolicy, nodeMaxActive} from '../../src/engine/params.ts';

describe('nodeMaxActive (wq_update_node_max_active, Linux 6.9+)', () => {
  it('max_active 0 is the kernel default, 256 on the 6.12 baseline', () => {
    expect(WQ_DFL_ACTIVE).toBe(256);
    expect(nodeMaxActive(0, 8, 8)).toBe(256);
  });

  it('splits the budget in proportion to the CPUs of each node', () => {
    expect(nodeMaxActive(256, 16, 32)).toBe(128);
    expect(nodeMaxActive(0, 16, 32)).toBe(128);
    expect(nodeMaxActive(256, 8, 32)).toBe(64);
    // DIV_ROUND_UP
    expect(nodeMaxActive(10, 1, 3)).toBe(8);
    expect(nodeMaxActive(100, 1, 3)).toBe(34);
  });

  it('gives every node at least WQ_DFL_MIN_ACTIVE (8), but never more than max_active', () => {
    expect(nodeMaxActive(16, 1, 32)).toBe(8);
    expect(nodeMaxActive(4, 1, 32)).toBe(4);
    expect(nodeMaxActive(1, 16, 32)).toBe(1);
  });

  it('the two-socket server gets 128 per node by default and the pool follows setParam', () => {
    const engine = new Engine({scenario: 'test', device: DEVICES['xeon-2s']!, seed: 1}, {name: 'empty', init: () => {}});
    expect(engine.wq.pools.map((p) => p.maxActive)).toEqual([128, 128]);
    expect(engine.setParam('maxActive', 16)).toBeNull();
    expect(engine.wq.pools.map((p) => p.maxActive)).toEqual([8, 8]);
    expect(engine.setParam('maxActive', 4)).toBeNull();
    expect(engine.wq.pools.map((p) => p.maxActive)).toEqual([4, 4]);
  });
});

describe('parameters', () => {
  it("defaults are the patch as posted, and each alternative policy's own knobs", () => {
    expect(DEFAULT_PARAMS).toEqual({
      policy: 'gather-oom',
      minExitingTasks: 1,
      swapentsThreshold: 3200,
      maxCacheEntries: 32,
      maxActive: 0,
      tlbMinExitingTasks: 2,
      tlbSwapentsThreshold: 32,
      tlbBatchPages: 19,
      gcBatchEntries: 4096,
      gcDelayMs: 10,
      zsPoolPages: 8,
      zsBufferHandles: 512,
      swapTableCoreScale: 0.7,
    });
    // Every engine knob has a doc line, a default within its range.
    for (const [key, d] of Object.entries(ENGINE_KNOB_DOCS)) {
      expect(d.doc.length, key).toBeGreaterThan(10);
      expect(d.default, key).toBeGreaterThanOrEqual(d.min);
      expect(d.default, key).toBeLessThanOrEqual(d.max);
    }
  });

  it('checkParam rejects non-integers and values out of range, setParam leaves the value alone then', () => {
    expect(checkParam('maxCacheEntries', 0)).toMatch(/maxCacheEntries must be an integer from 1/);
    expect(checkParam('maxActive', 2049)).toMatch(/from 0 to 2048/);
    expect(checkParam('minExitingTasks', 1.5)).not.toBeNull();
    expect(checkParam('swapentsThreshold', 0)).toBeNull();
    const engine = new Engine({scenario: 'test', device: DEVICES.phone!, seed: 1}, {name: 'empty', init: () => {}});
    expect(engine.setParam('maxCacheEntries', -1)).not.toBeNull();
    expect(engine.params.maxCacheEntries).toBe(32);
    expect(engine.setParam('maxCacheEntries', 8)).toBeNull();
    expect(engine.params.maxCacheEntries).toBe(8);
    expect(engine.logView.at(-1)?.text).toBe('max_cache_entries: 32 → 8');
  });

  it('isPolicy knows the seven policies, in the order the dashboard cycles them', () => {
    expect(POLICY_NAMES).toEqual(['sync', 'gather', 'gather-oom', 'tlb-gather-2024', 'zram-async-gc', 'zs-deferred', 'swap-table']);
    expect(['sync', 'gather', 'gather-oom', 'zs-deferred', 'async'].map(isPolicy)).toEqual([true, true, true, true, false]);
    expect(POLICIES.every((p) => p.description.length > 20)).toBe(true);
  });

  it('policy knobs are parameters too: checked against their range, settable while running', () => {
    expect(checkParam('zsPoolPages', -1)).toMatch(/zsPoolPages must be an integer from 0/);
    expect(checkParam('swapTableCoreScale', 0.5)).toBeNull();
    expect(checkParam('swapTableCoreScale', 1.5)).toMatch(/must be a number from 0 to 1/);
    const engine = new Engine({scenario: 'test', device: DEVICES.phone!, seed: 1}, {name: 'empty', init: () => {}});
    expect(engine.setParam('gcDelayMs', 2.5)).toBeNull();
    expect(engine.knob('gcDelayMs')).toBe(2.5);
    expect(engine.logView.at(-1)?.text).toBe('gcDelayMs: 10 → 2.5');
  });
});
