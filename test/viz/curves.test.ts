import { describe, expect, it } from 'vitest';
import runs from '../../src/data/reference_runs.json' with { type: 'json' };
import { layoutCurves, seriesOf, spreadLabels, type ReferenceRun } from '../../src/viz/curves.ts';
import { renderCurves } from '../../src/viz/curvesChart.ts';
import { makeSvg } from './dom.ts';

const all = runs.results as readonly ReferenceRun[];
const pick = (...names: string[]) => names.map((n) => all.find((r) => r.name === n)).filter((r): r is ReferenceRun => !!r);
const degradation = pick('plain20_sgd15', 'plain56_sgd15', 'resnet56_sgd15');

describe('seriesOf', () => {
  it('shows the degradation: plain-56 ends with a higher training error than plain-20', () => {
    const [p20, p56, r56] = seriesOf(degradation, 'train');
    const last = (s: typeof p20) => s?.points.at(-1)?.[1] ?? NaN;
    expect(last(p56)).toBeGreaterThan(last(p20) + 0.2);
    expect(last(r56)).toBeLessThan(last(p20));
  });

  it('turns validation accuracy into error and can cut at an epoch', () => {
    const [r20] = seriesOf(pick('resnet20_sgd30'), 'val', 15);
    expect(r20?.points).toHaveLength(15);
    expect(r20?.points[0]?.[1]).toBeCloseTo(1 - 0.4822, 6);
  });

  it('names a run it has no style for', () => {
    expect(() => seriesOf([{ ...degradation[0]!, name: 'vgg' }], 'train')).toThrow(/"vgg".*runStyles/);
  });
});

describe('layoutCurves', () => {
  it('maps epoch 1 to the left edge and error 0 to the bottom of the plot', () => {
    const v = layoutCurves(seriesOf(degradation, 'train'), 'train');
    expect(v.lines[0]?.d.startsWith(`M${v.plot.left},`)).toBe(true);
    expect(v.yTicks[0]).toEqual({ y: v.plot.bottom, label: '0%' });
    expect(v.xTicks.at(-1)?.label).toBe('14');
  });

  it('spreads end labels that would collide', () => {
    const ys = spreadLabels([
      { id: 'a', label: 'a', colour: 'plain20', d: '', end: [0, 100], last: 0 },
      { id: 'b', label: 'b', colour: 'plain56', d: '', end: [0, 104], last: 0 },
    ]);
    expect((ys.get('b') ?? 0) - (ys.get('a') ?? 0)).toBeGreaterThanOrEqual(13);
  });
});

describe('renderCurves', () => {
  it('draws one labelled line per run and drops hidden runs by key', () => {
    const svg = makeSvg();
    renderCurves(svg, layoutCurves(seriesOf(degradation, 'train'), 'train'));
    expect(svg.querySelectorAll('path.series').length).toBe(3);
    expect([...svg.querySelectorAll('text.end-label')].map((t) => t.textContent)).toEqual(['plain-20 22%', 'plain-56 59%', 'ResNet-56 14%']);
    renderCurves(svg, layoutCurves(seriesOf(degradation.slice(0, 2), 'train'), 'train'));
    expect(svg.querySelector('[data-series="resnet56_sgd15"]')).toBeNull();
  });

  it('matches the SVG snapshot of the degradation chart', () => {
    const svg = makeSvg();
    renderCurves(svg, layoutCurves(seriesOf(degradation, 'train'), 'train'));
    expect(svg.outerHTML).toMatchSnapshot();
  });
});
