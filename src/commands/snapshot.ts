import {NS_PER_S} from '../engine/engine.ts';
import type {Snapshot} from '../engine/snapshot.ts';
import {UsageError} from '../errors.ts';
import {resolveRun} from '../run-config.ts';
import type {History} from '../../components/history.ts';
import type {CommandType} from '../sources/source.ts';
import {createProgress} from './progress.ts';
import {colorWanted, out, parsePositive, parseSize, parseSourceKind, runOptions, type Opts} from './options.ts';

/** `aswap snapshot`: one snapshot as JSON, or one rendered frame. */
export async function snapshotCommand(o: Opts): Promise<void> {
  const kind = parseSourceKind(o);
  const size = parseSize(o);
  let snap: Snapshot;
  let supports: ReadonlySet<CommandType>;
  let history: History | undefined;
  if (kind === 'host') {
    if (o.at !== undefined) throw new UsageError('--at goes with --source sim');
    const {HostSource} = await import('../sources/host.ts');
    const host = new HostSource({procRoot: o.procRoot as string | undefined});
    snap = host.getSnapshot();
    supports = host.supports;
  } else {
    const spec = resolveRun(runOptions(o));
    const at = o.at === undefined ? 10 : (parsePositive('--at', o.at as string, {max: 86_400}) ?? 10);
    const {FRAME_HZ, SimSource} = await import('../sources/sim.ts');
    const {advance, emptyHistory} = await import('../../components/history.ts');
    const sim = new SimSource(spec, {manual: true});
    // Frame by frame, as the dashboard and `aswap record` see it: rates over their window, PSI per second, the log.
    const endNs = Math.round(at * NS_PER_S);
    const progress = createProgress(`snapshot ${spec.scenario.name} at ${at} s`, endNs);
    const frames = Math.round(at * FRAME_HZ);
    const stepNs = NS_PER_S / FRAME_HZ;
    history = advance(emptyHistory, sim.getSnapshot());
    try {
      for (let frame = 1; frame <= frames; frame++) {
        sim.advance(Math.round(frame * stepNs) - Math.round((frame - 1) * stepNs));
        sim.publish();
        history = advance(history, sim.getSnapshot());
        progress?.update(sim.nowNs);
      }
      sim.advance(endNs - sim.nowNs);
    } finally {
      progress?.end();
    }
    sim.publish();
    snap = sim.getSnapshot();
    supports = sim.supports;
  }
  if (o.json) {
    out(JSON.stringify(snap));
    return;
  }
  const color = colorWanted(o) && process.stdout.isTTY === true;
  const {screenText} = await import('../report/screen-text.tsx');
  // A terminal that reports no size (0×0) gets the size of a file.
  const sized = process.stdout.isTTY && process.stdout.columns > 0 && process.stdout.rows > 0;
  const cols = size.cols ?? (sized ? process.stdout.columns : 120);
  const rows = size.rows ?? (sized ? process.stdout.rows : 40);
  // A still: the simulator's clock is stopped there; the host's is one reading.
  const status = kind === 'host' ? {paused: false, speed: 1, note: 'one reading'} : {paused: true, speed: 1, note: null};
  out(screenText(snap, {cols, rows, color, status, supports, kind, history, styles: process.stdout.isTTY === true}));
}
