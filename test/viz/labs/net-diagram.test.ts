import { describe, expect, it } from 'vitest';
import { arrowTarget, netDiagramLayout, renderNetDiagram } from '../../../src/viz/labs/net-diagram.ts';
import { makeSvg } from '../dom.ts';

describe('net diagram', () => {
  it('places 3n blocks left to right inside the width, stage by stage', () => {
    const boxes = netDiagramLayout({ n: 3, skips: Array(9).fill(true) }, 400);
    expect(boxes).toHaveLength(9);
    expect(boxes.map((b) => b.stage)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.w);
    expect(boxes.at(-1)!.x + boxes.at(-1)!.w).toBeLessThan(400 - 30);
  });

  it('rejects a skip list that does not match n, naming both counts', () => {
    expect(() => netDiagramLayout({ n: 2, skips: [true] }, 300)).toThrow(/n=2 has 6 blocks; got 1/);
  });

  it('renders one switch per block whose state and arc follow the skips, and reports activation', () => {
    const svg = makeSvg();
    const hits: number[] = [];
    const skips = [true, false, true];
    renderNetDiagram(svg, { n: 1, skips }, { width: 300, mode: 'toggle', onActivate: (i) => hits.push(i) });
    const blocks = [...svg.querySelectorAll('g.block')];
    expect(blocks.map((b) => b.getAttribute('role'))).toEqual(['switch', 'switch', 'switch']);
    expect(blocks.map((b) => b.getAttribute('aria-checked'))).toEqual(['true', 'false', 'true']);
    expect(blocks[1]!.querySelector('path.arc')!.getAttribute('stroke-dasharray')).toBe('2 2');
    expect(svg.getAttribute('aria-label')).toMatch(/depth 8: 2 of 3 blocks/);
    blocks[1]!.dispatchEvent(new (svg.ownerDocument.defaultView as unknown as typeof globalThis).Event('click'));
    expect(hits).toEqual([1]);
    renderNetDiagram(svg, { n: 1, skips: [true, true, true], selected: 2 }, { width: 300, mode: 'select' });
    expect(svg.querySelectorAll('g.block')).toHaveLength(3);
    expect([...svg.querySelectorAll('g.block')].map((b) => b.getAttribute('aria-checked'))).toEqual(['false', 'false', 'true']);
  });

  it('keeps one block in the tab order and moves along the blocks with the arrow keys', () => {
    const svg = makeSvg();
    renderNetDiagram(svg, { n: 1, skips: [true, true, true], selected: 1 }, { width: 300, mode: 'select', onActivate: () => {} });
    expect([...svg.querySelectorAll('g.block')].map((b) => b.getAttribute('tabindex'))).toEqual(['-1', '0', '-1']);
    expect(arrowTarget('ArrowRight', 1, 3)).toBe(2);
    expect(arrowTarget('ArrowRight', 2, 3)).toBe(2);
    expect(arrowTarget('Home', 2, 3)).toBe(0);
    expect(arrowTarget('a', 0, 3)).toBeUndefined();
  });
});
