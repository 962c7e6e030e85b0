import { describe, expect, it } from 'vitest';
import { CLASS_NAMES } from '../../../src/core/data/cifar10.ts';
import { Rng } from '../../../src/core/random.ts';
import { argmax, channelNorms, layoutNormBars, layoutProbBars, medianRatio, probSummary, renderNormBars, renderProbBars } from '../../../src/viz/labs/bars.ts';
import { makeSvg, pretty } from '../dom.ts';

const classes = ['airplane', 'automobile', 'bird'];

/** Seeded softmax output over the 10 classes, peaked on class `peak`. */
function seededProbs(seed: number, peak: number): number[] {
  const rng = Rng.fromSeed(seed);
  const logits = CLASS_NAMES.map((_, i) => rng.normal() + (i === peak ? 4 : 0));
  const exp = logits.map(Math.exp);
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

describe('probability bars', () => {
  it('name the predicted and the true class', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(probSummary({ classes, probs: [0.1, 0.7, 0.2], truth: 2 })).toBe('Prediction: automobile with probability 70.0%; the true class is bird.');
  });

  it('lay out one row per class, filling only the prediction and outlining the truth', () => {
    const v = layoutProbBars({ classes, probs: [0.1, 0.7, 0.2], truth: 2 }, 300);
    expect(v.rows.map((r) => r.fill)).toEqual(['grid', 'conv', 'grid']);
    expect(v.rows.map((r) => r.truth)).toEqual([false, false, true]);
    expect(v.rows[1]!.barW).toBeCloseTo(0.7 * (300 - 44 - 78), 0);
    expect(v.rows.map((r) => r.value)).toEqual(['10.0%', '70.0%', '20.0%']);
    expect(() => layoutProbBars({ classes, probs: [1] }, 300)).toThrow(/1 probabilities for 3 classes/);
  });

  it('update the bars of the same classes in place for the next image', () => {
    const svg = makeSvg();
    renderProbBars(svg, layoutProbBars({ classes, probs: [0.1, 0.7, 0.2] }, 300));
    const bird = svg.querySelector('g.bar[data-class="bird"]');
    renderProbBars(svg, layoutProbBars({ classes, probs: [0.1, 0.1, 0.8] }, 300));
    expect(svg.querySelector('g.bar[data-class="bird"]')).toBe(bird);
    expect(bird?.querySelector('rect')?.getAttribute('fill')).toBe('var(--viz-conv)');
  });

  it('match the SVG snapshot of a seeded prediction', () => {
    const svg = makeSvg();
    renderProbBars(svg, layoutProbBars({ classes: CLASS_NAMES, probs: seededProbs(3, 3), truth: 5 }, 320));
    expect(pretty(svg)).toMatchSnapshot();
  });
});

describe('F(x) against the shortcut', () => {
  it('computes per-channel L2 norms of an HWC map', () => {
    // 2 pixels x 2 channels: channel 0 = (3, 4), channel 1 = (0, 1).
    expect(channelNorms([3, 0, 4, 1], [1, 2, 2])).toEqual([5, 1]);
    expect(() => channelNorms([1], [1, 1, 2])).toThrow(/needs 2/);
  });

  it('summarises the sizes as a median ratio and pairs the bars of each channel', () => {
    const view = { residual: [1, 2, 3], shortcut: [10, 10, 10] };
    expect(medianRatio(view)).toBeCloseTo(0.2);
    expect(medianRatio({ residual: [1], shortcut: [] })).toBeUndefined();
    const v = layoutNormBars(view, 300);
    expect(v.bars.map((b) => b.key)).toEqual(['f0', 'f1', 'f2', 's0', 's1', 's2']);
    expect(v.bars[3]!.x).toBeCloseTo(v.bars[0]!.x + v.bars[0]!.w, 0);
    expect(v.summary).toMatch(/median ratio 0.20/);
    expect(v.yTicks[0]).toEqual({ y: 98, label: '0' });
  });

  it('draws single bars for a plain block, and rejects a shortcut with another channel count', () => {
    const svg = makeSvg();
    renderNormBars(svg, layoutNormBars({ residual: [1, 2], shortcut: [] }, 300));
    expect(svg.querySelectorAll('rect.norm')).toHaveLength(2);
    expect(svg.getAttribute('aria-label')).toMatch(/plain block has no shortcut/);
    expect(() => layoutNormBars({ residual: [1, 2], shortcut: [1] }, 300)).toThrow(/2 channels but the shortcut 1/);
  });

  it('match the SVG snapshot of 16 seeded channels', () => {
    const rng = Rng.fromSeed(11);
    const residual = Array.from({ length: 16 }, () => 0.5 + rng.next());
    const shortcut = Array.from({ length: 16 }, () => 3 + 2 * rng.next());
    const svg = makeSvg();
    renderNormBars(svg, layoutNormBars({ residual, shortcut }, 480));
    renderNormBars(svg, layoutNormBars({ residual, shortcut }, 480));
    expect(svg.querySelectorAll('g.y-axis')).toHaveLength(1);
    expect(pretty(svg)).toMatchSnapshot();
  });
});
