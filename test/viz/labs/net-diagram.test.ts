import { describe, expect, it } from 'vitest';
import { arrowTarget, layoutNetDiagram, renderNetDiagram } from '../../../src/viz/labs/net-diagram.ts';
import { makeSvg, pretty } from '../dom.ts';

describe('net diagram layout', () => {
  it('places 3n blocks left to right inside the width, stage by stage', () => {
    const { blocks } = layoutNetDiagram({ n: 3, skips: Array(9).fill(true) }, { width: 400, mode: 'toggle' });
    expect(blocks).toHaveLength(9);
    expect(blocks.map((b) => b.stage)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.x).toBeGreaterThan(blocks[i - 1]!.x + blocks[i - 1]!.w);
    expect(blocks.at(-1)!.x + blocks.at(-1)!.w).toBeLessThan(400 - 30);
  });

  it('rejects a skip list that does not match n, naming both counts', () => {
    expect(() => layoutNetDiagram({ n: 2, skips: [true] }, { width: 300, mode: 'toggle' })).toThrow(/n=2 has 6 blocks; got 1/);
  });

  it('checks the switches that have a skip in toggle mode, and the selected block in select mode', () => {
    const skips = [true, false, true];
    const toggle = layoutNetDiagram({ n: 1, skips }, { width: 300, mode: 'toggle' });
    expect(toggle.blocks.map((b) => b.checked)).toEqual([true, false, true]);
    expect(toggle.blocks[1]!.arc).toMatchObject({ stroke: 'grid', dashed: true });
    expect(toggle.summary).toBe('Network of depth 8: 2 of 3 blocks have a skip connection.');
    const picked = layoutNetDiagram({ n: 1, skips, selected: 2 }, { width: 300, mode: 'select' });
    expect(picked.blocks.map((b) => [b.checked, b.tabStop, b.fill])).toEqual([[false, false, 'conv'], [false, false, 'conv'], [true, true, 'focus']]);
  });
});

describe('net diagram renderer', () => {
  it('renders one switch per block, reports activation and updates in place', () => {
    const svg = makeSvg();
    const hits: number[] = [];
    renderNetDiagram(svg, layoutNetDiagram({ n: 1, skips: [true, false, true] }, { width: 300, mode: 'toggle' }), (i) => hits.push(i));
    const blocks = [...svg.querySelectorAll('g.block')];
    expect(blocks.map((b) => b.getAttribute('role'))).toEqual(['switch', 'switch', 'switch']);
    expect(blocks[1]!.querySelector('path.arc')!.getAttribute('stroke-dasharray')).toBe('2 2');
    blocks[1]!.dispatchEvent(new (svg.ownerDocument.defaultView as unknown as typeof globalThis).Event('click'));
    expect(hits).toEqual([1]);
    renderNetDiagram(svg, layoutNetDiagram({ n: 1, skips: [true, true, true] }, { width: 300, mode: 'toggle' }));
    expect([...svg.querySelectorAll('g.block')]).toEqual(blocks);
    expect(blocks[1]!.getAttribute('aria-checked')).toBe('true');
  });

  it('keeps one block in the tab order and moves along the blocks with the arrow keys', () => {
    const svg = makeSvg();
    renderNetDiagram(svg, layoutNetDiagram({ n: 1, skips: [true, true, true], selected: 1 }, { width: 300, mode: 'select' }), () => {});
    expect([...svg.querySelectorAll('g.block')].map((b) => b.getAttribute('tabindex'))).toEqual(['-1', '0', '-1']);
    expect(arrowTarget('ArrowRight', 1, 3)).toBe(2);
    expect(arrowTarget('ArrowRight', 2, 3)).toBe(2);
    expect(arrowTarget('Home', 2, 3)).toBe(0);
    expect(arrowTarget('a', 0, 3)).toBeUndefined();
  });

  it('matches the SVG snapshot of a plain-20 with two skips switched on', () => {
    const svg = makeSvg();
    const skips = [false, false, false, true, false, false, false, false, true];
    renderNetDiagram(svg, layoutNetDiagram({ n: 3, skips }, { width: 480, mode: 'toggle' }));
    expect(pretty(svg)).toMatchSnapshot();
  });
});
