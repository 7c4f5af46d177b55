/** The sweep's progress bar: on a terminal's stderr only, with an ETA, cleared at the end. */
import {describe, expect, it} from 'vitest';
import {createProgress, progressLine} from '../../src/report/progress.ts';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & {text: string} {
  const s = {isTTY, text: '', write(chunk: string) {
    s.text += chunk;
    return true;
  }};
  return s as unknown as NodeJS.WriteStream & {text: string};
}

describe('the progress bar', () => {
  it('writes nothing at all when the stream is not a terminal', () => {
    const s = fakeStream(false);
    const p = createProgress(10, s);
    for (let i = 0; i < 10; i++) p.tick();
    p.done();
    expect(s.text).toBe('');
  });

  it('redraws in place on a terminal, with an ETA from the pace so far, and clears its line at the end', () => {
    let now = 0;
    const s = fakeStream(true);
    const p = createProgress(4, s, () => now);
    now = 1000;
    p.tick();
    expect(s.text.split('\r').pop()).toBe(`${progressLine(1, 4, 1000)}\x1b[K`);
    expect(progressLine(1, 4, 1000)).toBe('aswap: [########......................] 1/4 points 25%, 0:03 left');
    now = 1050;
    p.tick(); // within 100 ms of the last redraw: skipped
    expect(s.text.split('\r').pop()).toContain('1/4');
    now = 4000;
    p.tick();
    p.tick();
    expect(s.text.split('\r').at(-1)).toContain('4/4 points 100%');
    p.done();
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
  });
});
