/**
 * Options given before a subcommand (`aswap --policy sync run`) are parsed as the dashboard's. They
 * apply to the subcommand when it has the same option, and are an error (status 2, one line naming
 * the option and the command) when it has not: never silently ignored.
 */
import {describe, expect, it} from 'vitest';
import {aswap, oneJsonLine, usageError} from './helpers.ts';

type Summary = {scenario: string; policy: string; seed: number; simSeconds: number};

describe('options before a subcommand', () => {
  it('apply to it: policy, scenario and seed reach `run`', async () => {
    const [policy, world] = await Promise.all([
      aswap(['--policy', 'sync', 'run', '--json', '--sim-seconds', '1']),
      aswap(['--scenario', 'kill-burst', '--seed', '7', 'run', '--json', '--sim-seconds', '1']),
    ]);
    expect(oneJsonLine(policy)).toMatchObject({policy: 'sync', scenario: 'camera-launch'});
    expect(oneJsonLine(world)).toMatchObject({scenario: 'kill-burst', seed: 7, policy: 'gather-oom'});
  });

  it('give way to the same option after the command; --set lists join, the ones before first', async () => {
    const [seed, set] = await Promise.all([
      aswap(['--seed', '3', 'run', '--seed', '4', '--json', '--sim-seconds', '1']),
      aswap(['--set', 'nope=1', 'run', '--set', 'apps=3', '--json']),
    ]);
    expect((oneJsonLine(seed) as Summary).seed).toBe(4);
    // The --set before the command is checked like any other: an unknown key is the user's mistake.
    expect(usageError(set)).toMatch(/unknown key 'nope'/);
  });

  it('size the frame `snapshot` draws', async () => {
    const r = await aswap(['--cols', '100', '--rows', '30', '--scenario', 'kill-burst', 'snapshot', '--at', '1']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(29);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toContain('kill-burst');
  });

  it('are an error when the command has no such option', async () => {
    const [speed, replay, show] = await Promise.all([
      aswap(['--speed', '2', 'run']),
      aswap(['--policy', 'sync', 'replay', 'whatever.jsonl']),
      aswap(['--seed', '3', 'scenarios', 'show', 'steady']),
    ]);
    expect(usageError(speed)).toBe("aswap: --speed does not apply to 'run'; give run's options after it (aswap run --help lists them)");
    expect(usageError(replay)).toContain("--policy does not apply to 'replay'");
    expect(usageError(show)).toContain("--seed does not apply to 'scenarios show'");
  });
});
