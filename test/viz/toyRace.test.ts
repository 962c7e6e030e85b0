import { describe, expect, it } from 'vitest';
import { PLANE_EXTENT, twoSpirals } from '../../src/core/toy/spirals.ts';
import { layoutToyRace, type ToyNetView } from '../../src/viz/toyRace.ts';
import { renderToyRace } from '../../src/viz/toyRaceChart.ts';
import { makeSvg, pretty } from './dom.ts';

const side = 3;
const points = twoSpirals(1, { perClass: 3, turns: 1, noise: 0 });
const probs = (p: number[]) => Float32Array.from(p);
const nets: ToyNetView[] = [
  { label: 'shallow', colour: 'plain20', probs: probs([0, 0.25, 0.5, 0.75, 1, 1, 1, 0, 0]), losses: [[5, 0.7], [10, 0.3]] },
  { label: 'deep plain', colour: 'plain56', probs: probs(new Array(9).fill(0.5)), losses: [[5, 0.7], [10, 0.69]] },
  { label: 'deep residual', colour: 'resnet56', probs: null, losses: [] },
];
const input = { nets, gridSide: side, points, extent: PLANE_EXTENT, step: 10 };

describe('layoutToyRace', () => {
  it('puts one square panel per net side by side, filling the width', () => {
    const v = layoutToyRace(input, { width: 320, minSteps: 20 });
    expect(v.panels.map((p) => [p.x, p.size])).toEqual([[0, 100], [110, 100], [220, 100]]);
    expect(v.panels[2]!.x + v.panels[2]!.size).toBe(320);
  });

  it('colours a cell by the predicted class and makes it stronger the surer the net is', () => {
    const cells = layoutToyRace(input, { width: 320 }).panels[0]!.cells;
    expect(cells.map((c) => [c.cls, c.opacity])).toEqual([[0, 0.85], [0, 0.43], [1, 0], [1, 0.43], [1, 0.85], [1, 0.85], [1, 0.85], [0, 0.85], [0, 0.85]]);
    expect(cells[4]).toMatchObject({ x: 33.3, y: 33.3 });
  });

  it('draws no cells before a net has been read, and a curve only from finite losses', () => {
    const v = layoutToyRace({ ...input, nets: [nets[0]!, { ...nets[1]!, losses: [[5, 0.7], [10, Number.NaN]] }, nets[2]!] }, { width: 320, minSteps: 10 });
    expect(v.panels[2]!.cells).toEqual([]);
    expect(v.chart.lines[1]!.d.match(/[ML]/g)).toHaveLength(1);
    expect(v.chart.lines[2]).toMatchObject({ d: '', end: null });
    expect(v.chart.lines[0]!.end![0]).toBe(v.chart.right);
  });

  it('maps the spiral points into the panel, y upwards', () => {
    const v = layoutToyRace(input, { width: 320 });
    const top = Math.min(...v.dots.map((d) => d.y));
    const i = v.dots.findIndex((d) => d.y === top);
    expect(points.xy[2 * i + 1]).toBe(Math.max(...Array.from({ length: points.count }, (_v, k) => points.xy[2 * k + 1]!)));
  });

  it('refuses a probability grid of the wrong size, naming the net', () => {
    expect(() => layoutToyRace({ ...input, nets: [{ ...nets[0]!, probs: probs([0.5]) }] }, { width: 320 })).toThrow(/shallow: 1 probabilities for a 3x3 grid/);
  });
});

describe('renderToyRace', () => {
  it('renders panels, cells, dots and loss curves (snapshot)', () => {
    const svg = makeSvg();
    renderToyRace(svg, layoutToyRace(input, { width: 320, chartHeight: 60, minSteps: 20 }));
    expect(svg.querySelectorAll('g.panel')).toHaveLength(3);
    expect(svg.querySelectorAll('g.cells rect')).toHaveLength(18);
    expect(pretty(svg)).toMatchSnapshot();
  });

  it('updates in place on a redraw: the same elements, new opacities', () => {
    const svg = makeSvg();
    renderToyRace(svg, layoutToyRace(input, { width: 320 }));
    const first = svg.querySelector('g.panel g.cells rect');
    const later = { ...input, nets: [{ ...nets[0]!, probs: probs(new Array(9).fill(0.9)) }, nets[1]!, nets[2]!] };
    renderToyRace(svg, layoutToyRace(later, { width: 320 }));
    expect(svg.querySelector('g.panel g.cells rect')).toBe(first);
    expect(first?.getAttribute('fill-opacity')).toBe('0.68');
    expect(svg.querySelectorAll('g.panel')).toHaveLength(3);
  });
});
