import { describe, expect, it } from 'vitest';
import { layoutUnrolled, unrollOrders } from '../../src/viz/unrolledLayout.ts';
import { renderUnrolled } from '../../src/viz/unrolled.ts';
import { UNROLL_MAX_BLOCKS, UNROLL_MIN_BLOCKS, pathCount } from '../../src/core/paths.ts';
import { makeSvg, pretty } from './dom.ts';

describe('layoutUnrolled', () => {
  it('draws one lane per path, grouped by how many blocks the path enters', () => {
    const v = layoutUnrolled(3, 'post');
    expect(v.lanes).toHaveLength(8);
    expect(v.groups.map((g) => [g.length, g.count])).toEqual([[0, '1 path'], [1, '3 paths'], [2, '3 paths'], [3, '1 path']]);
    expect(v.lanes.find((l) => l.id === '101')?.segments.map((s) => s.kind)).toEqual(['enter', 'skip', 'enter']);
  });

  it('puts a ReLU mask on every lane at every block only when the ReLU follows the addition', () => {
    const post = layoutUnrolled(3, 'post');
    const pre = layoutUnrolled(3, 'pre');
    for (const l of post.lanes) expect(l.relus).toHaveLength(3);
    for (const l of pre.lanes) expect(l.relus).toHaveLength(0);
    expect(post.lanes[0]?.term).toBe('D₃ · D₂ · D₁');
    expect(pre.lanes[0]?.term).toBe('I');
    expect(pre.lanes.find((l) => l.id === '101')?.detail).toBe('Path through F₁, F₃: its term of ∂x₃/∂x₀ is J₃ · J₁ (2 Jacobians).');
    expect(post.summary).toContain('passes 3 ReLUs');
    expect(pre.summary).toContain('carries the gradient unchanged');
  });

  it('keeps every lane, box and label inside the drawing for every block count', () => {
    for (let n = UNROLL_MIN_BLOCKS; n <= UNROLL_MAX_BLOCKS; n++) {
      for (const order of unrollOrders) {
        const v = layoutUnrolled(n, order);
        expect(v.lanes).toHaveLength(pathCount(n));
        for (const l of v.lanes) {
          expect(l.y + 10).toBeLessThanOrEqual(v.height);
          for (const s of l.segments) {
            expect(s.x1 - s.x0).toBeGreaterThan(v.box.w);
            expect(s.x0).toBeGreaterThanOrEqual(v.input.x);
            expect(s.x1).toBeLessThanOrEqual(v.output.x);
          }
        }
        expect(v.output.x + 14).toBeLessThanOrEqual(v.width);
      }
    }
  });

  it('refuses block counts and orders it cannot draw, naming the valid ones', () => {
    expect(() => layoutUnrolled(6, 'post')).toThrow(/1 to 5/);
    expect(() => layoutUnrolled(3, 'sideways' as never)).toThrow(/post, pre/);
  });
});

describe('renderUnrolled', () => {
  it('draws one focusable lane per path with a roving tabindex, its boxes and masks, matching the snapshot', () => {
    const svg = makeSvg();
    const v = layoutUnrolled(2, 'post');
    renderUnrolled(svg, v, { selected: '01' });
    expect(svg.querySelectorAll('g.lane')).toHaveLength(4);
    expect(svg.querySelectorAll('g.lane[tabindex="0"]')).toHaveLength(1);
    expect(svg.querySelector('[data-path="01"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(svg.querySelectorAll('[data-path="11"] g.branch')).toHaveLength(2);
    expect(svg.querySelectorAll('circle.relu')).toHaveLength(8);
    expect(pretty(svg)).toMatchSnapshot();
  });

  it('takes the masks off the lanes when the ReLU moves before the weights', () => {
    const svg = makeSvg();
    renderUnrolled(svg, layoutUnrolled(2, 'post'));
    renderUnrolled(svg, layoutUnrolled(2, 'pre'));
    expect(svg.querySelectorAll('circle.relu')).toHaveLength(0);
    expect(svg.getAttribute('data-order')).toBe('pre');
    expect(svg.querySelector('[data-path="00"]')?.getAttribute('tabindex')).toBe('0');
  });
});

describe('the column headers', () => {
  it('name the blocks in full up to three blocks and by number beyond, so narrow columns do not run together', () => {
    expect(layoutUnrolled(3, 'post').columns.map((c) => c.label)).toEqual(['block 1', 'block 2', 'block 3']);
    expect(layoutUnrolled(5, 'post').columns.map((c) => c.label)).toEqual(['1', '2', '3', '4', '5']);
  });
});
