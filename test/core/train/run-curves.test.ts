import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunCurves } from '../../../src/core/train/run-curves.ts';

const TORCH = readFileSync('test/fixtures/upload/pytorch-curves.json', 'utf8');

describe('parseRunCurves: the curves.json of train.py and npm run train', () => {
  it('reads a real PyTorch run (public/export/pytorch/train.py) and labels it as run in PyTorch', () => {
    const run = parseRunCurves(TORCH, 'curves.json');
    expect(run.label).toBe('resnet20, run in PyTorch');
    expect(run.framework).toMatch(/^pytorch 1\.13/);
    expect(run.train.map((p) => p.step)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(run.val.map((p) => [p.step, p.epoch])).toEqual([[4, 1], [8, 2], [12, 3]]);
    for (const p of run.train) expect(p.loss).toBeGreaterThan(0);
  });

  it('reads the site\'s own format (no framework) and Python\'s bare NaN', () => {
    const site = JSON.stringify({ model: 'plain20', curves: { train: [{ step: 10, epoch: 0.5, loss: 2.1, error: 0.8 }], val: [], log: [] } });
    expect(parseRunCurves(site).label).toBe('plain20, run with npm run train');
    const nan = '{"model": "resnet56", "framework": "pytorch 2.1", "curves": {"train": [{"step": 1, "epoch": 0.1, "loss": NaN, "error": 0.9}], "val": []}}';
    expect(parseRunCurves(nan).train[0]!.loss).toBeNaN();
  });

  it('names the field and what was expected', () => {
    expect(() => parseRunCurves('not json', 'x.json')).toThrow(/^x\.json is not JSON .*expected a curves\.json written by the PyTorch export's train\.py/);
    expect(() => parseRunCurves('{"model":"a"}', 'x.json')).toThrow(/^x\.json is not a run's curves: it has no "curves" object\./);
    expect(() => parseRunCurves('{"curves":{"train":[{"step":1,"epoch":0,"loss":"high","error":0.5}],"val":[]}}')).toThrow(/curves\.train\[0\]\.loss is "high", expected a number\./);
    expect(() => parseRunCurves('{"curves":{"train":[],"val":[{"step":1,"epoch":1,"accuracy":87}]}}')).toThrow(/curves\.val\[0\]\.accuracy is 87, expected a number from 0 to 1\./);
    expect(() => parseRunCurves('{"curves":{"train":[],"val":[]}}')).toThrow(/no points yet/);
    expect(() => parseRunCurves('{"modelTopology":{},"weightsManifest":[]}')).toThrow(/TensorFlow\.js model\.json/);
  });
});
