import type {Snapshot} from '../../src/engine/snapshot.ts';
import type {Command, CommandType, Source, SourceStatus} from '../../src/sources/source.ts';

const ALL: readonly CommandType[] = ['flush', 'set-param', 'set-policy', 'camera-launch', 'pause', 'resume', 'step', 'speed', 'restart'];

/**
 * A source for panel tests and by-hand runs: it serves a fixed snapshot, records the commands it
 * gets and applies the few a test can see (params, pause, speed). `tick` publishes a new frame.
 */
export class FakeSource implements Source {
  readonly kind: Snapshot['source'];
  readonly supports: ReadonlySet<CommandType>;
  readonly commands: Command[] = [];
  started = false;
  stopped = false;
  private snapshot: Snapshot;
  private status: SourceStatus = {paused: false, speed: 1, note: null};
  private readonly listeners = new Set<() => void>();

  constructor(snapshot: Snapshot, supports: readonly CommandType[] = ALL) {
    this.snapshot = snapshot;
    this.kind = snapshot.source;
    this.supports = new Set(supports);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.snapshot;

  getStatus = () => this.status;

  /** Publish `next` (or the same snapshot with the clock moved on by `dtNs`). */
  tick(next: Snapshot | number): void {
    this.snapshot = typeof next === 'number' ? {...this.snapshot, nowNs: this.snapshot.nowNs + next} : next;
    for (const l of this.listeners) l();
  }

  control(command: Command): void {
    this.commands.push(command);
    const s = this.snapshot;
    switch (command.type) {
      case 'set-param':
        this.tick({...s, params: {...s.params, [command.key]: command.value}, gather: s.gather && command.key === 'maxCacheEntries' ? {...s.gather, maxCacheEntries: command.value} : s.gather});
        break;
      case 'set-policy':
        this.tick({...s, params: {...s.params, policy: command.policy}});
        break;
      case 'flush':
        if (s.gather) this.tick({...s, gather: {...s.gather, flushes: {...s.gather.flushes, manual: s.gather.flushes.manual + 1}}});
        break;
      case 'pause':
      case 'resume':
        this.status = {...this.status, paused: command.type === 'pause'};
        break;
      case 'speed':
        this.status = {...this.status, speed: command.value};
        break;
      default:
        break;
    }
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.stopped = true;
  }
}
