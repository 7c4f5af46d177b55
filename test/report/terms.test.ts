/**
 * Each workload's words (issue 11): munmap's processes are not killed and numa-server's jobs exit on
 * their own, so neither summary nor compare table calls them kills or SIGKILL.
 */
import {describe, expect, it} from 'vitest';
import {exitChunks} from '../../components/exiting-tasks.ts';
import {aggregate} from '../../src/report/aggregate.ts';
import {compareModel} from '../../src/report/compare-table.ts';
import {formatSummary} from '../../src/report/format.ts';
import {metricsFor} from '../../src/report/metrics.ts';
import {runPoint} from '../../src/report/run-point.ts';
import {renderText} from '../../src/report/table-model.ts';
import {resolveRun} from '../../src/run-config.ts';

function texts(scenario: string, simSeconds: number): {summary: string; table: string} {
  const spec = resolveRun({scenario, simSeconds});
  const run = {...runPoint(spec), params: {}};
  const groups = aggregate([run], metricsFor([run.summary]));
  const table = renderText(compareModel(groups, metricsFor([run.summary]), {scenario, device: spec.device.name, simSeconds, seeds: [1], workload: spec.scenario.workload}));
  return {summary: formatSummary(run.summary), table};
}

describe('a workload in its own words', () => {
  it('munmap: munmaps and the zap, no kill, no SIGKILL, no do_task_dead', () => {
    const {summary, table} = texts('munmap', 1);
    for (const text of [summary, table]) {
      expect(text).toContain('munmap time (munmap → zap done)');
      expect(text).not.toMatch(/SIGKILL|do_task_dead|\bkills?\b/);
    }
    expect(summary).toContain('munmaps 1');
  });

  it('numa-server: jobs exit (exit_group → do_task_dead), nobody sends SIGKILL', () => {
    const {summary, table} = texts('numa-server', 5);
    expect(summary).toMatch(/jobs exited \d+, exits \d+/);
    for (const text of [summary, table]) {
      expect(text).toContain('exit latency (exit_group → do_task_dead)');
      expect(text).not.toContain('SIGKILL');
    }
  });

  it('the Android world still kills: SIGKILL → do_task_dead', () => {
    const {summary} = texts('kill-burst', 5);
    expect(summary).toMatch(/kills \d+, exits \d+/);
    expect(summary).toContain('exit latency (SIGKILL → do_task_dead)');
  });
});

describe('the dashboard in a workload’s words', () => {
  const exits = {recentMs: [], p50Ms: null, p99Ms: null, kills: 6, exits: 6};
  const text = (workload?: string): string => exitChunks(0, exits, 0, workload).map((c) => c.map((s) => s.text).join('')).join(' ');

  it('numa-server counts exit_group, not kills; the Android world counts kills', () => {
    expect(text('numa-server')).toContain('exit_group 6');
    expect(text('numa-server')).not.toContain('killed');
    expect(text('android')).toContain('killed 6');
    expect(text(undefined)).toContain('killed 6');
  });

  it('munmap has no kill to count', () => {
    expect(text('munmap')).not.toMatch(/killed|exit_group/);
  });
});
