import { describe, expect, it } from 'vitest';
import { layoutContour, layoutSurface, logLevels, type SliceSpec } from '../../../src/viz/labs/landscape-layout.ts';
import { renderContour, renderSurface } from '../../../src/viz/labs/landscape.ts';
import { makeSvg, pretty } from '../dom.ts';

/** A bowl 0.1 + a^2 + 2b^2 on a 5x5 grid over [-1, 1]^2. */
const bowl = (label: string, k = 1): SliceSpec => ({
  label, size: 5, span: 1,
  values: Array.from({ length: 25 }, (_, n) => 0.1 + k * (((n % 5) - 2) / 2) ** 2 + 2 * k * ((Math.floor(n / 5) - 2) / 2) ** 2),
});

describe('the landscape views', () => {
  it('share log-spaced levels from the lowest to the highest loss of every slice shown', () => {
    const levels = logLevels([bowl('a'), bowl('b', 10)], 4);
    expect(levels[0]).toBeCloseTo(-1, 6);
    expect(levels).toHaveLength(4);
    expect(levels[3]!).toBeLessThan(Math.log10(30.1));
  });

  it('marks the trained weights at the centre and describes the slice in words', () => {
    const v = layoutContour(bowl('ResNet-8'), logLevels([bowl('x')], 6), 320);
    expect(v.centre).toEqual({ x: v.plot.left + v.plot.side / 2, y: v.plot.top + v.plot.side / 2 });
    expect(v.bands.length).toBeGreaterThan(2);
    expect(v.summary).toBe('ResNet-8: contour map of the training loss on a 5 by 5 grid over [-1, 1] along two random directions; 0.1 at the trained weights (centre), from 0.1 to 3.1 over the slice.');
    expect(v.ticks.map((t) => t.label)).toEqual(['-1', '0', '1']);
  });

  it('draws the surface back to front: the far row first, and turning it by 180 degrees swaps far and near', () => {
    // Loss rising along the second direction: the high row (j = 4) is the far side at 0 degrees.
    const ramp: SliceSpec = { label: 'ramp', size: 5, span: 1, values: Array.from({ length: 25 }, (_, n) => 10 ** (Math.floor(n / 5) / 2)) };
    const levels = logLevels([ramp], 4);
    const a = layoutSurface(ramp, levels, 0, 320).quads;
    const b = layoutSurface(ramp, levels, 180, 320).quads;
    expect(a).toHaveLength(16);
    expect(a[0]!.t).toBeGreaterThan(a.at(-1)!.t);
    expect(b[0]!.t).toBeLessThan(b.at(-1)!.t);
  });

  it('matches the SVG snapshots of a contour map and a surface', () => {
    const levels = logLevels([bowl('x')], 4);
    const c = makeSvg();
    renderContour(c, layoutContour(bowl('plain-8'), levels, 200));
    expect(pretty(c)).toMatchSnapshot();
    const s = makeSvg();
    renderSurface(s, layoutSurface(bowl('plain-8'), levels, 35, 200));
    expect(pretty(s)).toMatchSnapshot();
  });
});
