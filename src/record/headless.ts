import {NS_PER_S} from '../engine/engine.ts';
import type {RunSpec} from '../run-config.ts';
import {advance, emptyHistory} from '../../components/history.ts';
import {screenText} from '../report/screen-text.tsx';
import {FRAME_HZ, SimSource} from '../sources/sim.ts';
import {createAsciicastWriter, type AsciicastWriter} from './asciicast.ts';
import {createFrameRecorder} from './frame.ts';
import {createMomentTracker} from './moments.ts';
import {createTraceWriter, traceHeaderOf} from './trace.ts';

export interface HeadlessRecordOptions {
  /** The recording; null to write only the trace. */
  readonly path: string | null;
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
  /** Called after each frame with (frames done, frames in all): progress of a long recording. */
  readonly onFrame?: (done: number, total: number) => void;
}

export interface HeadlessRecordResult {
  readonly frames: number;
  readonly markers: number;
  /** Why a file stopped part way (a full disk): the recording ends there, with whole lines only. */
  readonly failure: string | null;
}

/**
 * `aswap record`: the dashboard recorded with no terminal at all. The recording's own clock drives
 * the simulation (frame i is at i / FRAME_HZ seconds and shows the engine at i · speed / FRAME_HZ
 * simulated seconds), so the same seed gives the same event sequence on any machine.
 *
 * Both files are opened and given their first line before either takes its name, so a bad path
 * throws (a one-line Error) and leaves any existing file untouched. A write that fails later stops
 * the recording at the last whole frame; the result says why.
 */
export function recordHeadless(o: HeadlessRecordOptions): HeadlessRecordResult {
  const source = new SimSource(o.spec, {speed: o.speed, manual: true});
  let frame = 0;
  let failure: string | null = null;
  const onError = (message: string): void => {
    failure ??= message;
  };
  const trace = o.tracePath ? createTraceWriter(o.tracePath, {...traceHeaderOf(source.getSnapshot()), knobs: o.spec.set}, {staged: true, onError}) : null;
  let writer: AsciicastWriter | null = null;
  try {
    if (o.path !== null) {
      writer = createAsciicastWriter(o.path, {
        width: o.cols,
        height: o.rows,
        title: `aswap: ${o.spec.scenario.name} on ${o.spec.device.name}, ${o.spec.policy}, seed ${o.spec.seed}`,
        clock: () => frame / FRAME_HZ,
        timestamp: o.timestamp,
        staged: true,
        onError,
      });
    }
    trace?.commit();
    writer?.commit();
  } catch (err) {
    trace?.close();
    writer?.close();
    throw err;
  }
  const moments = createMomentTracker();
  const status = source.getStatus();
  // The live dashboard's memory of earlier frames (rates over a window, PSI per second, the log).
  let history = emptyHistory;
  const recorder = writer
    ? createFrameRecorder(
        writer,
        () => screenText(source.getSnapshot(), {cols: o.cols, rows: o.rows, color: o.color, status, supports: source.supports, kind: 'sim', history}),
        {rows: o.rows, columns: o.cols},
      )
    : null;
  const frames = Math.max(1, Math.round(o.durationS * FRAME_HZ));
  const stepNs = (NS_PER_S / FRAME_HZ) * o.speed;
  let markers = 0;
  let written = 0;
  try {
    for (frame = 0; frame <= frames && failure === null; frame++) {
      // Frame i shows the engine at exactly round(i · step): per-frame rounding would drift.
      if (frame > 0) source.advance(Math.round(frame * stepNs) - Math.round((frame - 1) * stepNs));
      source.publish();
      const snapshot = source.getSnapshot();
      history = advance(history, snapshot);
      for (const label of moments(snapshot)) {
        writer?.marker(label);
        markers++;
      }
      recorder?.frame();
      trace?.write(snapshot);
      written++;
      o.onFrame?.(written, frames + 1);
    }
    frame = Math.min(frame, frames);
    if (failure === null) recorder?.end();
  } finally {
    writer?.close();
    trace?.close();
  }
  return {frames: written, markers, failure};
}
