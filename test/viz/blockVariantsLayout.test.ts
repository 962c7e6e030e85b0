import { describe, expect, it } from 'vitest';
import { layoutVariantPair, variantPairs } from '../../src/viz/blockVariantsLayout.ts';
import { renderBlockDiagram } from '../../src/viz/blockDiagram.ts';
import { BLOCK_VARIANT_COUNTS } from '../../src/core/model/block-variants.ts';
import { makeSvg, pretty } from './dom.ts';

const column = (pair: 'bottleneck' | 'preactivation', id: string) => {
  const c = layoutVariantPair(pair).columns.find((col) => col.id === id);
  if (!c) throw new Error(`no column ${id}`);
  return c.view;
};
const kinds = (pair: 'bottleneck' | 'preactivation', id: string) => column(pair, id).parts.map((p) => p.kind);

describe('layoutVariantPair', () => {
  it('draws the bottleneck block as 1×1, 3×3, 1×1 convolutions between 256 and 64 channels', () => {
    const convs = column('bottleneck', 'bottleneck').parts.filter((p) => p.kind === 'conv').map((p) => p.label);
    expect(convs).toEqual(['1×1 conv, 64', '3×3 conv, 64', '1×1 conv, 256']);
    expect(column('bottleneck', 'bottleneck').parts.find((p) => p.id === 'conv1')?.detail).toMatch(/256 → 64 channels, reducing/);
  });

  it('totals each column with the counts from core', () => {
    expect(column('bottleneck', 'basic').totalParams).toBe(BLOCK_VARIANT_COUNTS.basic64);
    expect(column('bottleneck', 'bottleneck').totalParams).toBe(BLOCK_VARIANT_COUNTS.bottleneck256);
    expect(column('preactivation', 'pre').totalParams).toBe(column('preactivation', 'post').totalParams);
  });

  it('puts a ReLU after the addition only in the post-activation order', () => {
    expect(kinds('preactivation', 'post').slice(-3)).toEqual(['add', 'relu', 'tensor']);
    expect(kinds('preactivation', 'pre').slice(-2)).toEqual(['add', 'tensor']);
    expect(kinds('preactivation', 'pre').slice(0, 4)).toEqual(['tensor', 'bn', 'relu', 'conv']);
  });

  it('brackets F(x) from the first to the last layer of the residual branch', () => {
    const v = column('preactivation', 'pre');
    const first = v.parts[1]!;
    const lastConv = v.parts.filter((p) => p.kind === 'conv').at(-1)!;
    expect(v.residual.y0).toBe(first.cy - first.h / 2);
    expect(v.residual.y1).toBe(lastConv.cy + lastConv.h / 2);
  });

  it('keeps every part inside its drawing and describes both columns in the text alternative', () => {
    for (const pair of variantPairs) {
      const view = layoutVariantPair(pair);
      for (const { view: v } of view.columns) {
        for (const p of v.parts) {
          expect(p.cx - p.w / 2).toBeGreaterThanOrEqual(0);
          expect(p.cx + p.w / 2).toBeLessThanOrEqual(v.width);
          expect(p.cy + p.h / 2).toBeLessThanOrEqual(v.height);
        }
      }
      expect(view.summary).toContain(`${view.columns[0].title}, `);
      expect(view.summary).toContain(` ${view.columns[1].title}, `);
    }
    expect(layoutVariantPair('bottleneck').summary).toContain('70,400 parameters');
  });

  it('rejects an unknown comparison naming the valid ones', () => {
    expect(() => layoutVariantPair('wide' as never)).toThrow(/bottleneck, preactivation/);
  });

  it('renders through the residual-block renderer: one focusable part per layer, matching the snapshot', () => {
    const svg = makeSvg();
    const v = column('preactivation', 'pre');
    renderBlockDiagram(svg, v, { selected: 'bn1' });
    expect(svg.querySelectorAll('g.part[tabindex="0"]').length).toBe(v.parts.length);
    expect(svg.querySelector('[data-part="bn1"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(pretty(svg)).toMatchSnapshot();
  });
});
