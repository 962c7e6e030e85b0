import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunCurves } from '../../../src/core/train/run-curves.ts';
import { racePanels, newRecord } from '../../../src/viz/labs/race-panels.ts';
import { trainPanels } from '../../../src/viz/labs/train-panels.ts';

const RUN = parseRunCurves(readFileSync('test/fixtures/upload/pytorch-curves.json', 'utf8'));

describe('a PyTorch run overlaid on the labs\' charts', () => {
  it('adds dashed loss, error and accuracy series by epoch to the train lab, labelled as run in PyTorch', () => {
    const [train, val] = trainPanels([{ epoch: 0.5, loss: 2, error: 0.8 }], [], RUN);
    const dashed = train.series.filter((s) => s.dashed);
    expect(dashed.map((s) => s.label)).toEqual(['loss, resnet20, run in PyTorch', 'error, resnet20, run in PyTorch']);
    expect(dashed[0]!.points).toEqual(RUN.train.map((p) => ({ x: p.epoch, y: p.loss })));
    expect(val.series.find((s) => s.dashed)?.points).toEqual(RUN.val.map((p) => ({ x: p.epoch, y: p.accuracy })));
    expect(trainPanels([], []).flatMap((p) => p.series).some((s) => s.dashed)).toBe(false);
  });

  it('adds one dashed series by step to each race panel', () => {
    const panels = racePanels([newRecord(1, ['plain-20'])], RUN);
    for (const p of panels) expect(p.series.filter((s) => s.dashed).map((s) => s.label)).toEqual(['resnet20, run in PyTorch']);
    expect(panels[2]!.series.at(-1)!.points.map((p) => p.x)).toEqual([4, 8, 12]);
  });
});
