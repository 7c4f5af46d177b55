import React from 'react';
import {describe, expect, it, vi} from 'vitest';

// Chalk decides its colour level when first imported: force colours on so that "no colour"
// below is the dashboard's doing (NO_COLOR), not the test runner's pipe.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '1';
});

const {DashboardView} = await import('../../components/dashboard-view.tsx');
const {Footer} = await import('../../components/footer.tsx');
const {computeLayout} = await import('../../components/layout.ts');
const {colorFromEnv} = await import('../../components/theme.ts');
const {busySnapshot, syncSnapshot} = await import('../fixtures/snapshots.ts');
const {renderRaw, strip} = await import('./render.tsx');

/** SGR foreground/background colours (30–37, 38;…, 39, 40–47, 48;…, 49, 90–97, 100–107). */
// eslint-disable-next-line no-control-regex
const COLOUR = /\x1b\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

function dashboard(color: boolean, snapshot = busySnapshot): string {
  const layout = computeLayout(120, 40, {nodeCount: 2, cpuCount: 8, absent: new Set()});
  if (layout.kind === 'too-small') throw new Error('unexpected');
  return renderRaw(<DashboardView snapshot={snapshot} layout={layout} animate={false} />, color);
}

describe('colour', () => {
  it('uses colours when allowed', () => {
    expect(dashboard(true)).toMatch(COLOUR);
  });

  it('uses none under NO_COLOR, and the level markers still read', () => {
    const raw = dashboard(false, syncSnapshot);
    expect(raw).not.toMatch(COLOUR);
    expect(strip(raw)).toContain('PSI CRIT');
    const footer = renderRaw(<Footer supports={new Set()} compare={false} notice="x" width={100} />, false);
    expect(footer).not.toMatch(COLOUR);
  });

  it('follows the NO_COLOR convention: set and non-empty', () => {
    expect(colorFromEnv({})).toBe(true);
    expect(colorFromEnv({NO_COLOR: ''})).toBe(true);
    expect(colorFromEnv({NO_COLOR: '1'})).toBe(false);
  });
});
