import { describe, expect, it } from 'vitest';
import runs from '../../src/data/reference_runs.json' with { type: 'json' };
import { renderCurveChart } from '../../src/viz/curveChart.ts';
import { layoutCurveChart } from '../../src/viz/curveLayout.ts';
import { ownRun, referenceChart, runStyle, seriesOf, type ReferenceRun } from '../../src/viz/curves.ts';
import type { PublishedModel } from '../../src/core/models/manifest.ts';
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

describe("a run this site trained, beside its PyTorch twin", () => {
  const model: PublishedModel = {
    id: 'plain20_lab15', label: 'plain-20', preset: 'plain20', trainedBy: 'resnet-lab', framework: 'ResNet Lab', recipe: 'paper',
    epochs: 2, seed: 0, commands: [], commits: [], machine: 'test', trainingSeconds: 1, finalValAccuracy: 0.5, testAccuracy: 0.49,
    testHow: 'test', weights: '/models/plain20_lab15.safetensors', curves: '/models/plain20_lab15.curves.json',
  };
  // Two epochs of 4 steps, logged every 2 steps, validated at each epoch's end, and half of a third epoch.
  const curves = {
    train: [
      { step: 2, epoch: 0.5, loss: 2, error: 0.9 }, { step: 4, epoch: 1, loss: 1.8, error: 0.7 },
      { step: 6, epoch: 1.5, loss: 1.5, error: 0.6 }, { step: 8, epoch: 2, loss: 1.3, error: 0.4 },
      { step: 10, epoch: 2.5, loss: 1.2, error: 0.3 },
    ],
    val: [{ epoch: 1, accuracy: 0.3 }, { epoch: 2, accuracy: 0.5 }],
  };
  const twins = [{ name: 'plain20_sgd2' }];

  it('averages its curves per completed epoch, names its twin and counts the parameters of its preset', () => {
    const run = ownRun(model, curves, twins);
    expect(run).toMatchObject({ name: 'plain20_lab15', twin: 'plain20_sgd2', n: 3, residual: false, epochs: 2, params: 269_738, test_acc: 0.49 });
    expect(run.curve.map((e) => [e.epoch, e.train_err, e.val_acc])).toEqual([[1, 0.8, 0.3], [2, 0.5, 0.5]]);
    expect(run.curve[0]?.train_loss).toBeCloseTo(1.9, 12);
  });

  it('is drawn dashed in its twin\'s colour and labelled as this site\'s', () => {
    const [own] = seriesOf([{ ...ownRun(model, curves, twins), twin: 'plain20_sgd15' }], 'val');
    expect(own).toMatchObject({ id: 'plain20_lab15', label: 'plain-20 (this site)', colour: 'plain20', dashed: true });
    expect(own?.points.map((p) => p.y)).toEqual([0.7, 0.5]);
    expect(runStyle({ name: 'plain20_sgd15' })).toEqual({ label: 'plain-20', colour: 'plain20', dashed: false });
  });

  it('leaves room at the right for its longer end label', () => {
    const own = { ...ownRun(model, curves, twins), twin: 'plain20_sgd15' };
    const v = layoutCurveChart(referenceChart([degradation[0]!, own], 'train'), size);
    const label = v.legend.find((l) => l.id === 'plain20_lab15')!;
    expect(label.text).toBe('plain-20 (this site) 50%');
    expect(label.x + 0.6 * 12 * label.text.length).toBeLessThanOrEqual(size.width);
    expect(layoutCurveChart(referenceChart(degradation, 'train'), size).plot.right).toBe(size.width - 120);
  });

  it('refuses a PyTorch model and a run with no twin to compare with', () => {
    expect(() => ownRun({ ...model, trainedBy: 'pytorch', framework: 'PyTorch 2' }, curves, twins)).toThrow(/trained with PyTorch 2, not by this site/);
    expect(() => ownRun(model, curves, [{ name: 'plain20_sgd15' }])).toThrow(/no PyTorch reference run "plain20_sgd2"/);
  });
});
