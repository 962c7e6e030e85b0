import { describe, expect, it } from 'vitest';
import { finalErrors, racePanels, type RunRecord } from '../../../src/viz/labs/race-panels.ts';

const rec = (run: number): RunRecord => ({
  run,
  labels: ['plain-20', 'plain-56'],
  train: [[{ step: 5, loss: 2, error: 0.8 }, { step: 10, loss: 1.5, error: 0.6 }], [{ step: 5, loss: 2.3, error: 0.9 }]],
  val: [[{ step: 0, accuracy: 0.1 }], []],
});

describe('race panels', () => {
  it('makes loss, error and accuracy panels with one series per net', () => {
    const [loss, error, acc] = racePanels([rec(1)]);
    expect(loss!.series.map((s) => s.label)).toEqual(['plain-20', 'plain-56']);
    expect(error!.series[0]!.points).toEqual([{ x: 5, y: 0.8 }, { x: 10, y: 0.6 }]);
    expect(acc!.series[0]!.points).toEqual([{ x: 0, y: 0.1 }]);
    expect(error!.yDomain).toEqual([0, 1]);
  });

  it('dims every run but the last and keeps their ids distinct', () => {
    const [loss] = racePanels([rec(1), rec(2)]);
    expect(loss!.series.map((s) => [s.id, !!s.dimmed])).toEqual([
      ['run1:0', true], ['run1:1', true], ['run2:0', false], ['run2:1', false],
    ]);
    expect(loss!.series[0]!.label).toBe('plain-20 (run 1)');
  });

  it('averages the last points of training error per net', () => {
    const e = finalErrors(rec(1), 2);
    expect(e[0]).toBeCloseTo(0.7);
    expect(e[1]).toBeCloseTo(0.9);
  });
});
