import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExperiment, type ExportRequest } from '../../../src/core/export/experiment.ts';
import { EXPORT_FILES, exportReadme } from '../../../src/core/export/readme.ts';
import { BN_EPSILON, BN_MOMENTUM } from '../../../src/lib/model/layers.ts';

const req = (over: Partial<ExportRequest> = {}): ExportRequest => ({ model: { model: 'resnet20' }, recipe: 'paper', seed: 0, ...over });

describe('buildExperiment', () => {
  it("resolves the paper recipe scaled to 30 epochs of 45,000 images, as npm run train does", () => {
    const e = buildExperiment(req({ epochs: 30 }));
    expect(e).toMatchObject({ name: 'resnet20', parameters: 272_490, stepsPerEpoch: 352, totalSteps: 10_560, validationBatchSize: 500, logEvery: 10 });
    expect(e.recipe.schedule).toEqual({ kind: 'multistep', lr: 0.1, gamma: 0.1, milestones: [5280, 7920] });
    expect(e.recipe.optimizer).toEqual({ kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 });
    expect(e.data).toMatchObject({ total: 50_000, validation: 5000, limit: null, train: 45_000, val: 5000 });
    expect(e.batchNorm).toEqual({ momentum: BN_MOMENTUM, eps: BN_EPSILON });
    expect(e.tensors.map((t) => t.torchKey)).toContain('body.3.proj.0.weight');
    expect(e.plan.blocks.map((b) => b.stride)).toEqual([1, 1, 1, 2, 1, 1, 2, 1, 1]);
  });

  it('scales the schedule to the limited training set and keeps the tutorial rules', () => {
    const paper = buildExperiment(req({ epochs: 2, limit: 2000, seed: 9 }));
    expect(paper).toMatchObject({ stepsPerEpoch: 16, totalSteps: 32, seed: 9, data: { limit: 2000, train: 2000, val: 2000 } });
    expect(paper.config.seed).toBe(9);
    expect(paper.recipe.schedule).toMatchObject({ milestones: [16, 24] });
    const tutorial = buildExperiment(req({ recipe: 'tutorial' }));
    expect(tutorial.recipe).toMatchObject({ maxEpochs: 50, validateEvery: 50, earlyStopPatience: 5, optimizer: { kind: 'adam', eps: 1e-8 } });
    expect(tutorial.totalSteps).toBe(50 * 352);
  });

  it("states the trainer's streams and validation counting (version 2), which version 1 left implicit", () => {
    const e = buildExperiment(req({ epochs: 2 }));
    expect(e.version).toBe(2);
    expect(e.stream).toEqual({ forks: ['shuffle', 'augment'], shuffle: 'shuffle', augment: 'augment' });
    expect(e.validation).toEqual({ counting: 'epoch', atStart: false });
    expect([e.endError, e.net, e.data.subset, e.data.downsample]).toEqual([null, null, null, null]);
  });

  it('describes option A networks without projections or stem bias', () => {
    const e = buildExperiment(req({ model: { model: 'resnet20-a' } }));
    expect(e.parameters).toBe(269_722);
    expect(e.plan.stem.bias).toBe(false);
    expect(e.plan.blocks.filter((b) => b.shortcut === 'zeropad').map((b) => b.index)).toEqual([3, 6]);
    expect(e.tensors.some((t) => t.torchKey.includes('proj') || t.torchKey === 'stem.0.bias')).toBe(false);
  });

  it('rejects bad options with the library messages', () => {
    expect(() => buildExperiment(req({ model: { model: 'resnet21' } }))).toThrow(/Depth must be 6n\+2/);
    expect(() => buildExperiment(req({ model: { model: 'vgg16' } }))).toThrow(/Unknown model preset 'vgg16'/);
    expect(() => buildExperiment(req({ recipe: 'adamw' }))).toThrow(/Unknown recipe "adamw"/);
    expect(() => buildExperiment(req({ limit: 0 }))).toThrow(/--limit must be a positive integer/);
    expect(() => buildExperiment(req({ model: { model: 'resnet20', classes: '100' } }))).toThrow(/10 classes/);
  });
});

describe('exportReadme', () => {
  it("states the experiment's numbers and what is identical to the site", () => {
    const text = exportReadme(buildExperiment(req({ epochs: 2, limit: 2000 })));
    expect(text).toContain('`torch.optim.SGD` (momentum 0.9');
    expect(text).toContain('multiplied by 0.1 from update 16 and from update 24');
    expect(text).toContain('at most 32 updates (2 epochs of 16 mini-batches)');
    expect(text).toContain('torchrun --nproc_per_node=2 train.py');
    expect(text).toMatch(/Not bit-identical/);
    expect(text).toContain('npm run eval -- --weights run/weights.safetensors --model resnet20');
  });

  it('lists files that exist in public/export/pytorch', () => {
    for (const f of EXPORT_FILES) expect(existsSync(join('public/export/pytorch', f)), f).toBe(true);
  });
});
