import { describe, expect, it } from 'vitest';
import { blockModes, layoutBlock } from '../../src/viz/blockLayout.ts';
import { renderBlockDiagram } from '../../src/viz/blockDiagram.ts';
import { makeSvg, pretty } from './dom.ts';

describe('layoutBlock', () => {
  it('has an addition and a shortcut arc except in the plain block', () => {
    for (const mode of blockModes) {
      const v = layoutBlock(mode);
      const hasAdd = v.parts.some((p) => p.kind === 'add');
      expect(hasAdd).toBe(mode !== 'none');
      expect(v.edges.some((e) => e.kind === 'skip')).toBe(mode !== 'none');
    }
  });

  it('adds a 1×1 projection with BN only in projection mode, with its parameters', () => {
    const proj = layoutBlock('projection').parts.find((p) => p.id === 'proj');
    expect(proj?.params).toBe(16 * 32 + 2 * 32);
    expect(proj?.shape).toEqual([16, 16, 32]);
    expect(layoutBlock('identity').parts.find((p) => p.id === 'proj')).toBeUndefined();
  });

  it('totals the block parameters as in the tutorial summary', () => {
    // Stage-1 block: 2 convs of 2,304 and 2 BNs of 32. Stage-2 first block: 4,608 + 64 + 9,216 + 64 + 512 + 64.
    expect(layoutBlock('identity').totalParams).toBe(4672);
    expect(layoutBlock('none').totalParams).toBe(4672);
    expect(layoutBlock('projection').totalParams).toBe(14_528);
  });

  it('keeps every part inside the drawing', () => {
    for (const mode of blockModes) {
      const v = layoutBlock(mode);
      for (const p of v.parts) {
        expect(p.cx - p.w / 2).toBeGreaterThanOrEqual(0);
        expect(p.cx + p.w / 2).toBeLessThanOrEqual(v.width);
        expect(p.cy + p.h / 2).toBeLessThanOrEqual(v.height);
      }
    }
  });

  it('describes each part with its output shape and parameter count', () => {
    const conv1 = layoutBlock('projection').parts.find((p) => p.id === 'conv1');
    expect(conv1?.detail).toMatch(/stride 2/);
    expect(conv1?.detail).toMatch(/Output 16×16×32; 4,608 parameters\./);
  });

  it('rejects an unknown mode naming the valid ones', () => {
    expect(() => layoutBlock('skip' as never)).toThrow(/identity, projection, none/);
  });
});

describe('renderBlockDiagram', () => {
  it('draws one focusable button per part and marks the selected one', () => {
    const svg = makeSvg();
    renderBlockDiagram(svg, layoutBlock('identity'), { selected: 'conv1' });
    const parts = svg.querySelectorAll('g.part');
    expect(parts.length).toBe(layoutBlock('identity').parts.length);
    expect(svg.querySelector('[data-part="conv1"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(svg.querySelector('[data-part="x"]')?.getAttribute('tabindex')).toBe('0');
  });

  it('updates in place when the mode changes (keyed join keeps shared parts, drops the addition)', () => {
    const svg = makeSvg();
    renderBlockDiagram(svg, layoutBlock('projection'));
    const conv1 = svg.querySelector('[data-part="conv1"]');
    expect(svg.querySelector('[data-part="proj"]')).not.toBeNull();
    renderBlockDiagram(svg, layoutBlock('none'));
    expect(svg.querySelector('[data-part="conv1"]')).toBe(conv1);
    expect(svg.querySelector('[data-part="proj"]')).toBeNull();
    expect(svg.querySelector('[data-part="add"]')).toBeNull();
    expect(svg.querySelector('[data-edge="skip"]')).toBeNull();
  });

  it('matches the SVG snapshot of the projection block', () => {
    const svg = makeSvg();
    renderBlockDiagram(svg, layoutBlock('projection'), { selected: 'proj' });
    expect(pretty(svg)).toMatchSnapshot();
  });
});
