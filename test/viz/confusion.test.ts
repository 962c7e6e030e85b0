import { describe, expect, it } from 'vitest';
import { CLASS_NAMES } from '../../src/core/data/cifar10.ts';
import { confusionCounts, layoutConfusion, renderConfusion } from '../../src/viz/confusion.ts';
import { makeSvg, pretty } from './dom.ts';

/** A seeded-free, hand-written 10-class matrix: 90 right per class, the rest spread to the next class. */
const counts = CLASS_NAMES.map((_, i) => CLASS_NAMES.map((_, j) => (i === j ? 90 : j === (i + 1) % 10 ? 10 : 0)));

describe('confusionCounts', () => {
  it('counts true class by row and prediction by column', () => {
    expect(confusionCounts([0, 0, 1, 2], [0, 1, 1, 0], 3)).toEqual([[1, 1, 0], [0, 1, 0], [1, 0, 0]]);
  });
  it('rejects mismatched lengths and out-of-range labels with the fix', () => {
    expect(() => confusionCounts([0, 1], [0], 2)).toThrow(/one prediction per image/);
    expect(() => confusionCounts([0, 5], [0, 1], 2)).toThrow(/Image 1 .*outside 0\.\.1/);
  });
});

describe('layoutConfusion', () => {
  it('computes accuracy from the diagonal and row shares per cell', () => {
    const v = layoutConfusion(counts);
    expect(v.accuracy).toBeCloseTo(0.9, 10);
    expect(v.total).toBe(1000);
    expect(v.cells.find((c) => c.row === 3 && c.col === 4)?.share).toBe(0.1);
    expect(v.cells.find((c) => c.row === 3 && c.col === 4)?.label).toBe('true cat, predicted deer: 10 (10% of cat)');
  });
  it('refuses a matrix that is not one row and column per class', () => {
    expect(() => layoutConfusion([[1, 2], [3, 4]])).toThrow(/must be 10×10/);
  });
});

describe('renderConfusion', () => {
  it('draws 100 cells with counts, one of them in the tab order', () => {
    const svg = makeSvg();
    renderConfusion(svg, layoutConfusion(counts), { selected: '2,3' });
    expect(svg.querySelectorAll('g.cell').length).toBe(100);
    expect([...svg.querySelectorAll('[tabindex="0"]')].map((e) => e.getAttribute('data-cell'))).toEqual(['2,3']);
    expect(svg.querySelector('[data-cell="2,2"] text')?.textContent).toBe('90');
  });
  it('matches the SVG snapshot', () => {
    const svg = makeSvg();
    renderConfusion(svg, layoutConfusion(counts));
    expect(pretty(svg)).toMatchSnapshot();
  });
});

describe('layoutConfusion width', () => {
  it('leaves room on the right for the last rotated column names', () => {
    const v = layoutConfusion(counts);
    const truck = v.offset + 9.5 * v.cell + 0.6 * 10 * 'truck'.length * Math.SQRT1_2;
    expect(v.width).toBeGreaterThanOrEqual(truck + 6);
    expect(v.height).toBe(v.offset + 10 * v.cell + 4);
  });
});
