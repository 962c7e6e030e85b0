import { describe, expect, it } from 'vitest';
import { svgElement } from './dom.ts';
import { curveDomains, curveLegend, legendPositions, curveSummary, renderCurves, type CurvePanel } from '../../../src/viz/labs/curves.ts';

const panel: CurvePanel = {
  title: 'Training error', xLabel: 'step', yLabel: 'error', yDomain: [0, 1],
  series: [
    { id: 'r1:3p', label: 'plain-20', colour: 'red', points: [{ x: 0, y: 0.9 }, { x: 10, y: 0.5 }] },
    { id: 'r1:9p', label: 'plain-56', colour: 'blue', points: [{ x: 0, y: 0.9 }, { x: 10, y: 0.85 }] },
    { id: 'r0:3p', label: 'plain-20', colour: 'red', dimmed: true, points: [{ x: 0, y: 0.9 }, { x: 20, y: 0.4 }] },
  ],
};

describe('curves', () => {
  it('takes the x range from the data and the y range from the panel when fixed', () => {
    expect(curveDomains(panel)).toEqual({ x: [0, 20], y: [0, 1] });
    expect(curveDomains({ ...panel, yDomain: undefined }).y[1]).toBeCloseTo(0.945);
  });

  it('ignores non-finite values when sizing the y axis (a NaN loss must not blank the chart)', () => {
    const p: CurvePanel = { ...panel, yDomain: undefined, series: [{ id: 'a', label: 'a', colour: 'red', points: [{ x: 1, y: 2 }, { x: 2, y: Number.NaN }] }] };
    expect(curveDomains(p).y[1]).toBeCloseTo(2.1);
  });

  it('lists only live series in the legend, with their last value', () => {
    expect(curveLegend(panel).map((l) => l.text)).toEqual(['plain-20: 0.500', 'plain-56: 0.850']);
    expect(curveSummary(panel)).toMatch(/plain-56: 0.850.*1 earlier run shown faintly/);
  });

  it('draws one path per series, dimmed runs underneath, and updates in place', () => {
    const svg = svgElement();
    renderCurves(svg, panel, { width: 300, height: 200 });
    const paths = [...svg.querySelectorAll('g.lines path')];
    expect(paths.map((p) => p.getAttribute('data-series'))).toEqual(['r0:3p', 'r1:3p', 'r1:9p']);
    expect(paths[0]!.getAttribute('stroke-opacity')).toBe('0.3');
    expect(paths[1]!.getAttribute('d')).toMatch(/^M44,/);
    expect(svg.getAttribute('aria-label')).toMatch(/^Training error/);
    expect(svg.querySelectorAll('g.ends circle')).toHaveLength(2);
    renderCurves(svg, { ...panel, series: panel.series.slice(0, 1) }, { width: 300, height: 200 });
    expect(svg.querySelectorAll('g.lines path')).toHaveLength(1);
    expect(svg.querySelectorAll('g.axes')).toHaveLength(1);
    expect(svg.querySelectorAll('g.legend g.item')).toHaveLength(1);
  });

  it('wraps legend items into rows that fit the width', () => {
    const spots = legendPositions(['aaaa', 'bbbb', 'cccc'], 10, 110, 10);
    // Each item is 24 + 4 * 6 = 48 wide: two fit in 10..110, the third wraps.
    expect(spots).toEqual([{ x: 10, row: 0 }, { x: 58, row: 0 }, { x: 10, row: 1 }]);
  });
});
