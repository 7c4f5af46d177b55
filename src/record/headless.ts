import {NS_PER_S} from '../engine/engine.ts';
import type {RunSpec} from '../run-config.ts';
import {advance, emptyHistory} from '../../components/history.ts';
import {screenText} from '../report/screen-text.tsx';
import {FRAME_HZ, SimSource} from '../sources/sim.ts';
import {createAsciicastWriter} from './asciicast.ts';
import {createFrameRecorder} from './frame.ts';
import {createMomentTracker} from './moments.ts';
import {createTraceWriter, traceHeaderOf} from './trace.ts';

export interface HeadlessRecordOptions {
  readonly path: string;
  readonly spec: RunSpec;
  readonly cols: number;
  readonly rows: number;
  readonly durationS: number;
  readonly speed: number;
  readonly color: boolean;
  /** Also write a trace of the same frames. */
  readonly tracePath?: string;
  /** The header's timestamp (unix seconds); SOURCE_DATE_EPOCH or now by default. */
  readonly timestamp: number;
}

/**
 * `aswap record`: the dashboard recorded with no terminal at all. The recording's own clock drives
 * the simulation (frame i is at i / FRAME_HZ seconds and shows the engine at i · speed / FRAME_HZ
 * simulated seconds), so the same seed gives the same event sequence on any machine.
 */
export function recordHeadless(o: HeadlessRecordOptions): {frames: number; markers: number} {
  const source = new SimSource(o.spec, {speed: o.speed, manual: true});
  // The trace first: if it cannot be written, no half-made recording is left behind.
  const trace = o.tracePath ? createTraceWriter(o.tracePath, {...traceHeaderOf(source.getSnapshot()), knobs: o.spec.set}) : null;
  let frame = 0;
  let writer: ReturnType<typeof createAsciicastWriter>;
  try {
    writer = createAsciicastWriter(o.path, {
      width: o.cols,
      height: o.rows,
      title: `aswap: ${o.spec.scenario.name} on ${o.spec.device.name}, ${o.spec.policy}, seed ${o.spec.seed}`,
      clock: () => frame / FRAME_HZ,
      timestamp: o.timestamp,
    });
  } catch (err) {
    trace?.close();
    throw err;
  }
  const moments = createMomentTracker();
  const status = source.getStatus();
  // The live dashboard's memory of earlier frames (rates over a window, PSI per second, the log).
  let history = emptyHistory;
  const recorder = createFrameRecorder(
    writer,
    () => screenText(source.getSnapshot(), {cols: o.cols, rows: o.rows, color: o.color, status, supports: source.supports, kind: 'sim', history}),
    {rows: o.rows, columns: o.cols},
  );
  const frames = Math.max(1, Math.round(o.durationS * FRAME_HZ));
  const stepNs = (NS_PER_S / FRAME_HZ) * o.speed;
  let markers = 0;
  try {
    for (frame = 0; frame <= frames; frame++) {
      // Frame i shows the engine at exactly round(i · step): per-frame rounding would drift.
      if (frame > 0) source.advance(Math.round(frame * stepNs) - Math.round((frame - 1) * stepNs));
      source.publish();
      const snapshot = source.getSnapshot();
      history = advance(history, snapshot);
      for (const label of moments(snapshot)) {
        writer.marker(label);
        markers++;
      }
      recorder.frame();
      trace?.write(snapshot);
    }
    frame = frames;
    recorder.end();
  } finally {
    writer.close();
    trace?.close();
  }
  return {frames: frames + 1, markers};
}
