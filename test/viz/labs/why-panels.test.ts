import { describe, expect, it } from 'vitest';
import { LAB_NETS, MY_NET } from '../../../src/core/labs/lab-nets.ts';
import { lesionPlan, type LesionMeasurement } from '../../../src/core/labs/lesion-plan.ts';
import { Rng } from '../../../src/core/random.ts';
import { renderCurveChart } from '../../../src/viz/curveChart.ts';
import { layoutCurveChart } from '../../../src/viz/curveLayout.ts';
import { netColour, randomDeletionPanel, responsePanels, singleDeletionPanel, type LesionResult } from '../../../src/viz/labs/why-panels.ts';
import { makeSvg, pretty } from '../dom.ts';

const [resnet, plain] = LAB_NETS as [typeof LAB_NETS[number], typeof LAB_NETS[number]];
const size = { width: 480, height: 300 };

/** Seeded accuracies for a net's lesion plan: intact 0.9, lower the more blocks are deleted. */
function measured(deletable: number[], drop: number, seed: number): LesionMeasurement[] {
  const rng = Rng.fromSeed(seed);
  return lesionPlan(deletable, { draws: 3, seed }).map((c) => ({ case: c, accuracy: Math.max(0.1, 0.9 - drop * c.blocks.length - 0.02 * rng.next()) }));
}

const lesion: LesionResult[] = [
  { net: resnet, blocks: 9, measured: measured([0, 1, 2, 3, 4, 5, 6, 7, 8], 0.03, 1) },
  { net: plain, blocks: 9, measured: measured([0, 1, 2, 4, 5, 7, 8], 0.25, 2) },
];

describe('Figure 7 panels', () => {
  const results = [{ net: resnet, stds: [1.1, 0.6, 0.9] }, { net: plain, stds: [1.4, 1.8, 1.2] }];

  it('plot each net by layer index and ranked in descending order, with the paper\'s axes', () => {
    const [byLayer, sorted] = responsePanels(results);
    expect(byLayer.xLabel).toBe('layer index (original)');
    expect(sorted.xLabel).toBe('layer index (sorted by magnitude)');
    expect(byLayer.series[0]!.points).toEqual([{ x: 1, y: 1.1 }, { x: 2, y: 0.6 }, { x: 3, y: 0.9 }]);
    expect(sorted.series[1]!.points.map((p) => p.y)).toEqual([1.8, 1.4, 1.2]);
    expect(byLayer.series.map((s) => s.colour)).toEqual(['resnet20', 'plain20']);
    expect(netColour(MY_NET)).toBe('mine');
    expect(netColour({ key: 'resnet56_sgd15', residual: true, depth: 56 })).toBe('resnet56');
  });

  it('renders with a text alternative that gives each net\'s last value', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(responsePanels(results)[1], size));
    expect(svg.getAttribute('aria-label')).toBe('Responses ranked in descending order: std against layer index (sorted by magnitude). Latest values: ResNet-20 0.60; plain-20 1.20.');
    expect(pretty(svg)).toMatchSnapshot();
  });
});

describe('lesion panels', () => {
  it('single deletions: one point per block, a gap where a plain block cannot be deleted, the intact net dashed', () => {
    const spec = singleDeletionPanel(lesion);
    expect(spec.series.map((s) => s.id)).toEqual(['resnet20_sgd30:intact', 'resnet20_sgd30', 'plain20_sgd15:intact', 'plain20_sgd15']);
    const plainLine = spec.series[3]!.points;
    expect(plainLine).toHaveLength(9);
    expect([3, 6].map((i) => plainLine[i]!.y)).toEqual([Number.NaN, Number.NaN]);
    expect(spec.series[0]!.dashed).toBe(true);
    expect(singleDeletionPanel([{ net: resnet, blocks: 9, measured: [] }]).series[0]!.points).toEqual([]);
  });

  it('random deletions: the mean per k from the intact net at k = 0, the range of the draws as a band', () => {
    const spec = randomDeletionPanel(lesion);
    const r = spec.series[0]!;
    expect(r.points.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [i, b] of (r.band ?? []).entries()) {
      expect(b.lo).toBeLessThanOrEqual(r.points[i]!.y);
      expect(b.hi).toBeGreaterThanOrEqual(r.points[i]!.y);
    }
    expect(spec.series[1]!.points.at(-1)!.x).toBe(7);
  });

  it('render both panels (bands under the lines)', () => {
    for (const spec of [singleDeletionPanel(lesion), randomDeletionPanel(lesion)]) {
      const svg = makeSvg();
      renderCurveChart(svg, layoutCurveChart(spec, size));
      expect(pretty(svg)).toMatchSnapshot();
    }
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(randomDeletionPanel(lesion), size));
    expect(svg.firstElementChild?.getAttribute('class')).toBe('bands');
    expect(svg.querySelectorAll('path.band')).toHaveLength(2);
  });
});
