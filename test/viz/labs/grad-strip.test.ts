import { describe, expect, it } from 'vitest';
import { layoutGradStrip, logRange, renderGradStrip, type GradSamples } from '../../../src/viz/labs/grad-strip.ts';
import { makeSvg } from '../dom.ts';

const net = (label: string, scale: number): GradSamples => ({
  label,
  units: ['stem', 'stage1.block0', 'fc'],
  samples: [5, 10].map((step) => ({ step, norms: [scale, scale * 10, scale * 100] })),
});

describe('gradient strips', () => {
  it('share one log range over every net', () => {
    expect(logRange([net('a', 0.01), net('b', 1)])).toEqual([-2, 2]);
    expect(logRange([{ label: 'x', units: [], samples: [] }])).toBeNull();
    expect(logRange([{ label: 'x', units: ['fc'], samples: [{ step: 1, norms: [1] }] }])).toEqual([-0.5, 0.5]);
  });

  it('place a column per sample over its steps and a row per unit, darker for larger norms', () => {
    const v = layoutGradStrip(net('plain-8', 0.01), 20, [-2, 2], { width: 164, height: 78 });
    // plot 64..158 wide (94) and 18..74 tall (56): 3 rows of 18.7; columns over steps 0-5 and 5-10 of 20.
    expect(v.cells).toHaveLength(6);
    expect(v.cells.slice(0, 3).map((c) => [c.x, c.w, c.y])).toEqual([[64, 23.5, 18], [64, 23.5, 36.7], [64, 23.5, 55.3]]);
    expect(v.cells.slice(0, 3).map((c) => c.shade)).toEqual([0.05, 0.25, 0.5]);
    expect(v.cells[3]!.x).toBe(87.5);
    expect(v.summary).toBe('Gradient norms per block of plain-8 at step 10: smallest 1.0e-2 (stem), largest 1.0e+0 (fc).');
    expect(() => layoutGradStrip({ ...net('y', 1), units: ['stem'] }, 20, null, { width: 100, height: 50 })).toThrow(/3 norms for 1 units/);
  });

  it('update the same rects as samples arrive', () => {
    const svg = makeSvg();
    const one = { ...net('r', 1), samples: net('r', 1).samples.slice(0, 1) };
    renderGradStrip(svg, layoutGradStrip(one, 20, [0, 2], { width: 164, height: 78 }));
    const first = svg.querySelector('g.cells rect');
    renderGradStrip(svg, layoutGradStrip(net('r', 1), 20, [0, 2], { width: 164, height: 78 }));
    expect(svg.querySelectorAll('g.cells rect')).toHaveLength(6);
    expect(svg.querySelector('g.cells rect')).toBe(first);
    expect(svg.getAttribute('aria-label')).toMatch(/^Gradient norms per block of r at step 10/);
  });
});
