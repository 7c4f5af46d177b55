/**
 * The engine's shape (issue 9 §3): no import cycles (type-only imports included), no module over
 * ~300 lines, and a core that names no release policy: adding one is a module in release/ and a
 * line in release/registry.ts.
 */
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {POLICY_NAMES} from '../../src/engine/params.ts';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/engine');

function modules(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const files = modules(ENGINE);
const source = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

/** Relative imports and re-exports of a module, resolved to files. */
function imports(file: string): string[] {
  return [...source.get(file)!.matchAll(/^(?:import|export)\b[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => resolve(dirname(file), m[1]!));
}

describe('the engine’s shape', () => {
  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of imports(f)) {
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => relative(ENGINE, x)).join(' → '));
        else if (!state.has(g) && source.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps every module under about 300 lines', () => {
    const long = files.filter((f) => source.get(f)!.split('\n').length > 320).map((f) => relative(ENGINE, f));
    expect(long).toEqual([]);
  });

  it('names no release policy outside release/ and the parameters', () => {
    const core = files.filter((f) => !f.includes('/release/') && !f.endsWith('/params.ts'));
    const named = core.flatMap((f) => POLICY_NAMES.filter((p) => source.get(f)!.includes(`'${p}'`)).map((p) => `${relative(ENGINE, f)}: '${p}'`));
    expect(named).toEqual([]);
  });
});
