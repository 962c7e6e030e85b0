import { describe, expect, it } from 'vitest';
import { renderCurveChart } from '../../src/viz/curveChart.ts';
import { chartDomains, formatValue, layoutCurveChart, legendPositions, spreadLabels } from '../../src/viz/curveLayout.ts';
import type { CurveChartSpec } from '../../src/viz/series.ts';
import { makeSvg } from './dom.ts';

const spec: CurveChartSpec = {
  title: 'Training error', xLabel: 'step', yLabel: 'error', yDomain: [0, 1], format: 'percent', digits: 1, legend: 'top',
  series: [
    { id: 'r1:0', label: 'plain-20', colour: 'plain20', points: [{ x: 0, y: 0.9 }, { x: 10, y: 0.5 }] },
    { id: 'r1:1', label: 'plain-56', colour: 'plain56', points: [{ x: 0, y: 0.9 }, { x: 10, y: 0.85 }] },
    { id: 'r0:0', label: 'plain-20 (run 0)', colour: 'plain20', dimmed: true, points: [{ x: 0, y: 0.9 }, { x: 20, y: 0.4 }] },
  ],
};
const size = { width: 300, height: 200 };

describe('layoutCurveChart', () => {
  it('takes the x range from every series (earlier runs included) and the y range from the spec when fixed', () => {
    expect(chartDomains(spec)).toEqual({ x: [0, 20], y: [0, 1] });
  });

  it('rounds a percent axis up to a tenth and a decimal axis up to a nice tick, ignoring NaN and Infinity', () => {
    const loss: CurveChartSpec = { xLabel: 'step', yLabel: 'loss', series: [{ id: 'a', label: 'a', colour: 'plain20', points: [{ x: 1, y: 2.13 }, { x: 2, y: Number.NaN }, { x: 3, y: Infinity }] }] };
    expect(chartDomains(loss).y).toEqual([0, 2.5]);
    expect(chartDomains({ ...loss, format: 'percent', series: [{ ...loss.series[0]!, points: [{ x: 1, y: 0.83 }] }] }).y).toEqual([0, 0.9]);
    expect(chartDomains({ ...loss, series: [] })).toEqual({ x: [0, 1], y: [0, 1] });
  });

  it('puts earlier runs first, so they are drawn under the live ones, and leaves them out of the legend', () => {
    const v = layoutCurveChart(spec, size);
    expect(v.lines.map((l) => l.id)).toEqual(['r0:0', 'r1:0', 'r1:1']);
    expect(v.legend.map((l) => l.text)).toEqual(['plain-20 50.0%', 'plain-56 85.0%']);
    expect(v.dots.map((d) => d.id)).toEqual(['r1:0', 'r1:1']);
    expect(v.summary).toBe('Training error: error against step. Latest values: plain-20 50.0%; plain-56 85.0%. 1 earlier curve shown faintly.');
  });

  it('breaks a line at a NaN and keeps its dot and legend value on the last finite point', () => {
    const v = layoutCurveChart({ ...spec, series: [{ id: 'a', label: 'a', colour: 'plain20', points: [{ x: 0, y: 0.5 }, { x: 5, y: 0.4 }, { x: 10, y: Number.NaN }] }] }, size);
    expect(v.lines[0]?.d).not.toMatch(/NaN/);
    expect(v.legend[0]?.text).toBe('a 40.0%');
    expect(v.dots[0]?.cx).toBeCloseTo(v.plot.left + (v.plot.right - v.plot.left) / 2, 0);
  });

  it('writes values as percentages or decimals with the spec\'s digits, and a dash for none', () => {
    expect(formatValue({ ...spec, digits: 0 }, 0.224)).toBe('22%');
    expect(formatValue({ ...spec, format: 'decimal', digits: undefined }, 1.23456)).toBe('1.235');
    expect(formatValue(spec, undefined)).toBe('–');
  });

  it('uses fractional x ticks only while the range is shorter than two units (the first epoch of a run)', () => {
    const early = layoutCurveChart({ ...spec, xDomain: [0, 0.5] }, size);
    expect(early.xTicks.map((t) => t.label)).toContain('0.2');
    const later = layoutCurveChart({ ...spec, xDomain: [0, 30] }, size);
    expect(later.xTicks.every((t) => /^\d+$/.test(t.label))).toBe(true);
  });

  it('wraps legend items into rows that fit the width', () => {
    // Each item is 24 + 4 * 6 = 48 wide: two fit in 10..110, the third wraps.
    expect(legendPositions(['aaaa', 'bbbb', 'cccc'], 10, 110, 10)).toEqual([{ x: 10, row: 0 }, { x: 58, row: 0 }, { x: 10, row: 1 }]);
  });

  it('spreads end labels that would collide, keeping their order', () => {
    expect(spreadLabels([104, 100, 200])).toEqual([113, 100, 200]);
  });
});

describe('renderCurveChart', () => {
  it('updates a growing chart in place: the same nodes, longer paths, new ticks only where needed', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(spec, size));
    const before = [...svg.querySelectorAll('path.series, circle, g.item, line.grid, text.axis-label')];
    const grown: CurveChartSpec = { ...spec, series: spec.series.map((s) => (s.dimmed ? s : { ...s, points: [...s.points, { x: 20, y: 0.3 }] })) };
    renderCurveChart(svg, layoutCurveChart(grown, size));
    const after = [...svg.querySelectorAll('path.series, circle, g.item, line.grid, text.axis-label')];
    expect(after).toHaveLength(before.length);
    after.forEach((node, i) => expect(node).toBe(before[i]));
    expect(svg.querySelector('[data-series="r1:0"]')?.getAttribute('d')?.split('L')).toHaveLength(3);
  });

  it('leaves the text of unchanged labels alone and rewrites only the values that moved', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(spec, size));
    const title = svg.querySelector('text.title')?.firstChild;
    const tick = svg.querySelector('text.y-tick')?.firstChild;
    const legend = svg.querySelector('g.legend g.item text')?.firstChild;
    const moved: CurveChartSpec = { ...spec, series: spec.series.map((s) => (s.id === 'r1:0' ? { ...s, points: [...s.points, { x: 20, y: 0.3 }] } : s)) };
    renderCurveChart(svg, layoutCurveChart(moved, size));
    expect(svg.querySelector('text.title')?.firstChild).toBe(title);
    expect(svg.querySelector('text.y-tick')?.firstChild).toBe(tick);
    expect(svg.querySelector('g.legend g.item text')?.textContent).toBe('plain-20 30.0%');
    expect(svg.querySelector('g.legend g.item text')?.firstChild).not.toBe(legend);
  });

  it('moves a run that became an earlier one under the new live lines', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart({ ...spec, series: spec.series.slice(0, 2) }, size));
    const next: CurveChartSpec = {
      ...spec,
      series: [...spec.series.slice(0, 2).map((s) => ({ ...s, dimmed: true })), { id: 'r2:0', label: 'plain-20', colour: 'plain20', points: [{ x: 0, y: 0.9 }] }],
    };
    renderCurveChart(svg, layoutCurveChart(next, size));
    const paths = [...svg.querySelectorAll('g.lines path')];
    expect(paths.map((p) => p.getAttribute('data-series'))).toEqual(['r1:0', 'r1:1', 'r2:0']);
    expect(paths.map((p) => p.getAttribute('stroke-opacity'))).toEqual(['0.3', '0.3', '1']);
    expect(svg.querySelectorAll('g.legend g.item')).toHaveLength(1);
    expect(svg.querySelectorAll('g.axes')).toHaveLength(1);
  });

  it('names the chart for screen readers with its latest values', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(spec, size));
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/^Training error: .*plain-56 85.0%/);
  });
});
