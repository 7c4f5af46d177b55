import {NS_PER_S, PAGE_SIZE} from '../../engine/engine.ts';
import {ADJ, PERCEPTIBLE_APP, VISIBLE_APP, agedShare, assignCachedAdj, installedAppName, type App, type AppState} from './apps.ts';
import type {AndroidWorld} from './world.ts';

const MB = 1024 * 1024;
const pagesOf = (mb: number): number => Math.max(0, Math.round((mb * MB) / PAGE_SIZE));

/** One app as the run finds it: its sizes, age in the background, and share of anon swapped. */
interface Plan {
  readonly app: App;
  readonly state: Exclude<AppState, 'dead'>;
  readonly anon: number;
  readonly file: number;
  readonly ageS: number;
  readonly share: number;
}

/**
 * The phone as the user left it: a foreground app, the previous one, the cached LRU (the oldest app
 * went to the background about half an hour ago), two pinned apps. Sizes are drawn for every
 * installed app first; then, if they would not leave the kernel, the services, `initialFreeMB` free
 * and the services' hot files in the page cache, the oldest cached apps are not running (lmkd had
 * killed them before the run), as a phone does not sit in a thrashing state.
 */
export function spawnInitialApps(w: AndroidWorld, newApp: (name: string, pinned: boolean) => App): void {
  const e = w.engine;
  const k = w.k;
  const rng = e.rng.apps;
  const draw = (): {anon: number; file: number} => ({anon: pagesOf(rng.between(k.anonMBMin, k.anonMBMax)), file: pagesOf(rng.between(k.fileMBMin, k.fileMBMax))});
  const regular = 2 + k.apps + k.extraApps;
  const apps = Array.from({length: regular}, (_, i) => newApp(installedAppName(i), false));
  const plans: Plan[] = [];
  const step = 1500 / Math.max(1, k.apps);
  for (let i = 0; i < k.apps; i++) {
    const ageS = 30 + (i + rng.float()) * step;
    const size = draw();
    plans.push({app: apps[2 + i]!, state: 'cached', ...size, ageS, share: agedShare(ageS * NS_PER_S) * rng.between(0.92, 1)});
  }
  const prevAge = rng.between(5, 30);
  const prevSize = draw();
  plans.push({app: apps[1]!, state: 'previous', ...prevSize, ageS: prevAge, share: agedShare(prevAge * NS_PER_S) * rng.between(0.5, 1)});
  plans.push({app: apps[0]!, state: 'foreground', ...draw(), ageS: 0, share: 0.05});
  for (const [name, state] of [
    [PERCEPTIBLE_APP, 'perceptible'],
    [VISIBLE_APP, 'visible'],
  ] as const) {
    plans.push({app: newApp(name, true), state, ...draw(), ageS: 0, share: 0.2});
  }

  const budget = e.freePages - pagesOf(k.kernelMB) - pagesOf(k.servicesMB) - pagesOf(k.initialFreeMB) - w.cache.setPages[0]!;
  let running = plans;
  let dropped = 0;
  while (footprint(w, running) > budget && dropped < k.apps) {
    dropped++;
    const oldest = plans[k.apps - dropped]!;
    running = running.filter((p) => p !== oldest);
  }
  for (const p of running) spawn(w, p);
  for (const p of running) if (p.state === 'cached') w.lru.push(p.app);
  w.prev = apps[1]!;
  w.fg = apps[0]!;
  assignCachedAdj(w.lru);
  if (dropped > 0) e.log('info', `memory holds ${k.apps - dropped} of ${k.apps} cached apps (lmkd killed the oldest ${dropped} before the run)`);
}

/**
 * Pages the apps need: resident anon, zram's pool for what fits on the disk (in spawn order), and
 * the mapped files of the apps in use (those of background apps reclaim can take, settleInitialMemory).
 */
function footprint(w: AndroidWorld, plans: readonly Plan[]): number {
  const e = w.engine;
  let room = e.swapTotalPages - e.zramPages;
  let resident = 0;
  let swapped = 0;
  for (const p of plans) {
    const swap = Math.max(0, Math.min(Math.round(p.anon * p.share), room));
    room -= swap;
    swapped += swap;
    resident += p.anon - swap + (p.state === 'cached' || p.state === 'previous' ? 0 : p.file);
  }
  return resident + Math.ceil((e.zramPages + swapped) / e.device.zramRatio) - Math.ceil(e.zramPages / e.device.zramRatio);
}

function spawn(w: AndroidWorld, p: Plan): void {
  const e = w.engine;
  const app = p.app;
  const swap = w.swapFits(Math.round(p.anon * p.share));
  app.anonPages = p.anon;
  app.filePages = p.file;
  app.bgSinceNs = -Math.round(p.ageS * NS_PER_S);
  app.state = p.state;
  app.proc = e.spawn({comm: app.name, oomScoreAdj: p.state === 'cached' ? 0 : ADJ[p.state], presentPages: p.anon - swap + p.file, swapEntries: swap, meanRunEntries: w.k.meanRunEntries});
  w.track(app, app.proc);
}
