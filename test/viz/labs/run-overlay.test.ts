import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunCurves } from '../../../src/core/train/run-curves.ts';
import { racePanels, newRecord, netColour, trailingMean } from '../../../src/viz/labs/race-panels.ts';
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

  it("draws a race export's net in that net's colour, its loss and error smoothed as the race's own points", () => {
    const losses = [2.4, 2.2, 2.3, 1.9, 2.0, 1.7];
    const curves = {
      model: 'plain56 (custom: widths 8/16/32, skips none, stem bias true, 10 classes)', framework: 'pytorch 1.13.1',
      net: { index: 1, label: 'plain-56', slug: 'plain56' },
      curves: { train: losses.map((loss, i) => ({ step: 5 * (i + 1), epoch: 0, loss, error: 0.5 })), val: [{ step: 0, epoch: 0, accuracy: 0.1 }], log: [] },
    };
    const run = parseRunCurves(JSON.stringify(curves));
    expect([run.net, run.label]).toEqual(['plain-56', 'plain-56, run in PyTorch']);
    const [loss, , acc] = racePanels([newRecord(1, ['plain-20', 'plain-56', 'ResNet-56'])], run);
    const dashed = loss!.series.find((s) => s.dashed)!;
    expect(dashed.colour).toBe(netColour(1));
    expect(dashed.points).toEqual(trailingMean(losses).map((y, i) => ({ x: 5 * (i + 1), y })));
    expect(dashed.points[3]!.y).toBeCloseTo((2.4 + 2.2 + 2.3 + 1.9) / 4, 12);
    expect(acc!.series.find((s) => s.dashed)!.points).toEqual([{ x: 0, y: 0.1 }]);
    // Before any race, the nets in the form decide; a net the race does not have is drawn in ink.
    expect(racePanels([], run, ['plain-56'])[0]!.series[0]!.colour).toBe(netColour(0));
    expect(racePanels([newRecord(1, ['plain-20'])], run)[0]!.series.find((s) => s.dashed)!.colour).toBe('ink');
  });
});
