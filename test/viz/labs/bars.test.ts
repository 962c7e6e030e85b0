import { describe, expect, it } from 'vitest';
import { argmax, channelNorms, medianRatio, probSummary, renderNormBars, renderProbBars } from '../../../src/viz/labs/bars.ts';
import { makeSvg } from '../dom.ts';

const classes = ['airplane', 'automobile', 'bird'];

describe('probability and norm bars', () => {
  it('names the predicted and the true class', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(probSummary({ classes, probs: [0.1, 0.7, 0.2], truth: 2 })).toBe('Prediction: automobile with probability 70.0%; the true class is bird.');
  });

  it('draws one bar per class, filling only the prediction', () => {
    const svg = makeSvg();
    renderProbBars(svg, { classes, probs: [0.1, 0.7, 0.2] }, 300);
    const rects = [...svg.querySelectorAll('g.bar rect')];
    expect(rects).toHaveLength(3);
    expect(rects.map((r) => r.getAttribute('fill'))).toEqual(['var(--viz-grid)', 'var(--viz-conv)', 'var(--viz-grid)']);
    expect(() => renderProbBars(svg, { classes, probs: [1] }, 300)).toThrow(/1 probabilities for 3 classes/);
  });

  it('computes per-channel L2 norms of an HWC map', () => {
    // 2 pixels x 2 channels: channel 0 = (3, 4), channel 1 = (0, 1).
    expect(channelNorms([3, 0, 4, 1], [1, 2, 2])).toEqual([5, 1]);
    expect(() => channelNorms([1], [1, 1, 2])).toThrow(/needs 2/);
  });

  it('summarises F(x) against the shortcut as a median ratio, and draws paired bars', () => {
    const view = { residual: [1, 2, 3], shortcut: [10, 10, 10] };
    expect(medianRatio(view)).toBeCloseTo(0.2);
    expect(medianRatio({ residual: [1], shortcut: [] })).toBeUndefined();
    const svg = makeSvg();
    renderNormBars(svg, view, 300);
    expect(svg.querySelectorAll('rect.norm')).toHaveLength(6);
    expect(svg.getAttribute('aria-label')).toMatch(/median ratio 0.20/);
  });
});
