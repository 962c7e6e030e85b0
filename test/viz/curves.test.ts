import { describe, expect, it } from 'vitest';
import runs from '../../src/data/reference_runs.json' with { type: 'json' };
import { renderCurveChart } from '../../src/viz/curveChart.ts';
import { layoutCurveChart } from '../../src/viz/curveLayout.ts';
import { referenceChart, seriesOf, type ReferenceRun } from '../../src/viz/curves.ts';
import { makeSvg, pretty } from './dom.ts';

const all = runs.results as readonly ReferenceRun[];
const pick = (...names: string[]) => names.map((n) => all.find((r) => r.name === n)).filter((r): r is ReferenceRun => !!r);
const degradation = pick('plain20_sgd15', 'plain56_sgd15', 'resnet56_sgd15');
const size = { width: 640, height: 340 };

describe('seriesOf', () => {
  it('shows the degradation: plain-56 ends with a higher training error than plain-20', () => {
    const [p20, p56, r56] = seriesOf(degradation, 'train');
    const last = (s: typeof p20) => s?.points.at(-1)?.y ?? NaN;
    expect(last(p56)).toBeGreaterThan(last(p20) + 0.2);
    expect(last(r56)).toBeLessThan(last(p20));
  });

  it('turns validation accuracy into error and can cut at an epoch', () => {
    const [r20] = seriesOf(pick('resnet20_sgd30'), 'val', 15);
    expect(r20?.points).toHaveLength(15);
    expect(r20?.points[0]?.y).toBeCloseTo(1 - 0.4822, 6);
  });

  it('names a run it has no style for', () => {
    expect(() => seriesOf([{ ...degradation[0]!, name: 'vgg' }], 'train')).toThrow(/"vgg".*runStyles/);
  });
});

describe('the reference chart', () => {
  it('starts at epoch 1 on the left edge, error 0 at the bottom, in whole percent', () => {
    const v = layoutCurveChart(referenceChart(degradation, 'train'), size);
    expect(v.lines[0]?.d.startsWith(`M${v.plot.left},`)).toBe(true);
    expect(v.yTicks[0]).toEqual({ y: v.plot.bottom, label: '0%' });
    expect(v.xTicks[0]?.label).toBe('2');
    expect(v.xTicks.at(-1)?.label).toBe('14');
    expect(v.yLabel).toBe('training error');
  });

  it('labels each run at its end with its final error', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(referenceChart(degradation, 'train'), size));
    expect(svg.querySelectorAll('path.series').length).toBe(3);
    expect([...svg.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual(['plain-20 22%', 'plain-56 59%', 'ResNet-56 14%']);
    renderCurveChart(svg, layoutCurveChart(referenceChart(degradation.slice(0, 2), 'train'), size));
    expect(svg.querySelector('[data-series="resnet56_sgd15"]')).toBeNull();
  });

  it('matches the SVG snapshot of the degradation chart', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(referenceChart(degradation, 'train'), size));
    expect(pretty(svg)).toMatchSnapshot();
  });
});

describe('the reference chart on a narrow screen', () => {
  it('moves the run labels into a legend above the plot, giving the width to the curves', () => {
    const v = layoutCurveChart(referenceChart(degradation, 'val', 'top'), { width: 340, height: 300 });
    expect(v.legend.every((l) => l.swatch && l.y < v.plot.top)).toBe(true);
    expect(v.plot.right).toBe(328);
    expect(v.legend.map((l) => l.text)).toEqual(['plain-20 21%', 'plain-56 55%', 'ResNet-56 15%']);
  });
});
