import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../src/core/model/index.ts';
import { describeNetwork } from '../../src/viz/network.ts';
import { flowMarks, renderShapeFlow } from '../../src/viz/shapeFlow.ts';
import { flowScale, layoutShapeFlow } from '../../src/viz/shapeFlowLayout.ts';
import { makeSvg, pretty } from './dom.ts';

const resnet = (n: number) => describeNetwork(presetConfig(`resnet${6 * n + 2}`));

describe('layoutShapeFlow', () => {
  it('scales column heights to the map side and widths to the channels', () => {
    const v = layoutShapeFlow(resnet(3));
    const col = (id: string) => v.columns.find((c) => c.row.id === id);
    expect(col('stage1.block0.conv1')?.h).toBe(32 * flowScale.perPixel);
    expect(col('stage2.block0.conv1')?.h).toBe(16 * flowScale.perPixel);
    expect(col('stage3.block0.conv1')?.w).toBe(64 * flowScale.perChannel);
    expect(col('stage2.block0.conv1')?.w).toBe(2 * (col('stage1.block0.conv1')?.w ?? 0));
  });

  it('draws one arc per block and rides the two projections on theirs', () => {
    const v = layoutShapeFlow(resnet(3));
    expect(v.arcs).toHaveLength(9);
    expect(v.arcs.filter((a) => a.projection).map((a) => a.projection?.id)).toEqual(['stage2.block0.shortcut', 'stage3.block0.shortcut']);
    expect(v.columns.some((c) => c.row.kind === 'projection')).toBe(false);
  });

  it('places columns left to right without overlap and inside the width', () => {
    const v = layoutShapeFlow(resnet(18));
    for (let i = 1; i < v.columns.length; i++) {
      const a = v.columns[i - 1];
      const b = v.columns[i];
      expect(b && a && b.x >= a.x + a.w).toBe(true);
    }
    const last = v.columns.at(-1);
    expect((last?.x ?? 0) + (last?.w ?? 0)).toBeLessThanOrEqual(v.width);
  });

  it('has no arcs for a plain network and says so in its summary', () => {
    const v = layoutShapeFlow(describeNetwork(presetConfig('plain20')));
    expect(v.arcs).toEqual([]);
    expect(v.summary).toMatch(/no skip connections/);
  });

  it('summarises ResNet-20 with its stage shapes and total', () => {
    expect(layoutShapeFlow(resnet(3)).summary).toMatch(/32×32×16, then 16×16×32, then 8×8×64.*272,490 parameters/);
  });
});

describe('renderShapeFlow', () => {
  it('orders the focusable layers with each projection after its block\'s first conv', () => {
    const ids = flowMarks(layoutShapeFlow(resnet(3))).map((m) => m.row.id);
    expect(ids.indexOf('stage2.block0.shortcut')).toBe(ids.indexOf('stage2.block0.conv1') + 1);
    expect(ids[0]).toBe('input');
    expect(ids.at(-1)).toBe('fc');
  });

  it('keeps exactly one layer in the tab order, the selected one', () => {
    const svg = makeSvg();
    renderShapeFlow(svg, layoutShapeFlow(resnet(3)), { selected: 'stage3.block0.shortcut' });
    const tabbable = [...svg.querySelectorAll('[tabindex="0"]')].map((e) => e.getAttribute('data-layer'));
    expect(tabbable).toEqual(['stage3.block0.shortcut']);
  });

  it('adds and removes layers by id when the depth changes', () => {
    const svg = makeSvg();
    renderShapeFlow(svg, layoutShapeFlow(resnet(3)));
    const fc = svg.querySelector('[data-layer="fc"]');
    renderShapeFlow(svg, layoutShapeFlow(resnet(5)));
    expect(svg.querySelectorAll('g.layer').length).toBe(flowMarks(layoutShapeFlow(resnet(5))).length);
    expect(svg.querySelector('[data-layer="fc"]')).toBe(fc);
    expect(svg.querySelectorAll('path[data-arc]').length).toBe(15);
  });

  it('matches the SVG snapshot of ResNet-20', () => {
    const svg = makeSvg();
    renderShapeFlow(svg, layoutShapeFlow(resnet(3)), { selected: 'stage2.block0.shortcut' });
    expect(pretty(svg)).toMatchSnapshot();
  });
});
