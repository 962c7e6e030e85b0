import { describe, expect, it } from 'vitest';
import { EXPERIMENT_FORMAT } from '../../../src/core/export/experiment.ts';
import { netSlug, raceExport, raceFolderName, raceNetExperiment, raceSettingsFromQuery, raceSlugs, RACE_EXPORT_FORMAT } from '../../../src/core/export/from-race.ts';
import { raceReadme } from '../../../src/core/export/race-readme.ts';
import { EXPORT_FILES } from '../../../src/core/export/readme.ts';
import { RACE_END_EVAL_BATCH, RACE_END_EVAL_IMAGES, RACE_READ_EVERY, raceModelConfig } from '../../../src/core/labs/race-config.ts';
import { defaultsOf, writeSettings } from '../../../src/core/labs/settings.ts';
import { degradationTable, type DegradationSettings } from '../../../src/core/labs/degradation-settings.ts';
import { countParams } from '../../../src/core/model/params.ts';
import { FORKS } from '../../../src/core/train/forks.ts';
import { TUTORIAL_ADAM, PAPER_SGD } from '../../../src/core/train/optimizer-settings.ts';

const defaults = defaultsOf(degradationTable);
const race = (over: Partial<DegradationSettings> = {}): DegradationSettings => ({ ...defaults, ...over });

describe("the degradation race's settings as PyTorch experiments", () => {
  it('gives the default race (plain-20, plain-56, ResNet-56 at 16x16, widths 8/16/32) one experiment per net', () => {
    const r = raceExport(defaults);
    expect(r).toMatchObject({ format: RACE_EXPORT_FORMAT, version: 1, settings: defaults, query: writeSettings(degradationTable, defaults) });
    expect(r.nets.map((e) => [e.net!.index, e.net!.label, e.net!.slug])).toEqual([[0, 'plain-20', 'plain20'], [1, 'plain-56', 'plain56'], [2, 'ResNet-56', 'resnet56']]);
    r.nets.forEach((e, i) => {
      expect(e.format).toBe(EXPERIMENT_FORMAT);
      expect(e.version).toBe(2);
      expect(e.config).toEqual(raceModelConfig(defaults.nets[i]!, defaults));
      expect(e.config).toMatchObject({ widths: [8, 16, 32], inputSize: 16, shortcut: 'projection', seed: 1 });
      expect(e.parameters).toBe(countParams(e.config));
    });
  });

  it("trains as the race does: Adam at 0.003, batch 32, 100 steps, no augmentation, validation every 50 steps from step 0", () => {
    const e = raceNetExperiment(defaults, 2);
    expect(e.recipe).toEqual({
      name: 'race: adam, lr 0.003', optimizer: TUTORIAL_ADAM, schedule: { kind: 'constant', lr: 0.003 }, batchSize: 32,
      maxEpochs: 10, maxSteps: 100, validateEvery: 50, earlyStopPatience: null, augment: false,
    });
    // 300 images in batches of 32: 10 batches an epoch (the last of 12 images); 100 steps are 10 epochs.
    expect([e.stepsPerEpoch, e.totalSteps, e.seed]).toEqual([10, 100, 1]);
    expect(e.validation).toEqual({ counting: 'step', atStart: true });
    expect(e.logEvery).toBe(RACE_READ_EVERY);
    // A subset smaller than RACE_END_EVAL_IMAGES is judged on all of its images.
    expect(RACE_END_EVAL_IMAGES).toBeGreaterThan(300);
    expect(e.endError).toEqual({ images: 300, batchSize: RACE_END_EVAL_BATCH });
    expect(e.stream).toEqual({ forks: [FORKS.raceShuffle], shuffle: 'race-shuffle', augment: null });
    expect(e.data).toMatchObject({ train: 300, val: 250, limit: null, subset: { fork: 'race-subset' }, downsample: { factor: 2, rounding: 'half-up' } });
  });

  it('carries the SGD choice, 32x32 inputs, small subsets and the verdict on fewer images', () => {
    const e = raceNetExperiment(race({ opt: 'sgd', lr: 0.05, size: 32, train: 600, val: 100, batch: 64, steps: 20, evalEvery: 7 }), 0);
    expect(e.recipe.optimizer).toEqual(PAPER_SGD);
    expect(e.recipe.schedule).toEqual({ kind: 'constant', lr: 0.05 });
    expect([e.config.inputSize, e.data.downsample, e.stepsPerEpoch, e.totalSteps, e.recipe.validateEvery]).toEqual([32, null, 10, 20, 7]);
    expect(e.endError).toEqual({ images: 600, batchSize: RACE_END_EVAL_BATCH });
  });

  it('plans per-block skips: a block without its skip has no shortcut, nor a projection', () => {
    const s = race({ nets: [{ n: 1, skips: [true, false, true] }, { n: 1, skips: [true, false, true] }, { n: 2, skips: 'none' }] });
    const r = raceExport(s);
    expect(r.nets[0]!.plan.blocks.map((b) => b.shortcut)).toEqual(['identity', 'none', 'projection']);
    expect(r.nets[0]!.tensors.some((t) => t.torchKey.startsWith('body.1.proj'))).toBe(false);
    expect(r.nets[0]!.tensors.some((t) => t.torchKey.startsWith('body.2.proj'))).toBe(true);
    expect(r.nets.map((e) => e.net!.slug)).toEqual(['resnet8-2of3', 'resnet8-2of3-2', 'plain14']);
    expect(r.nets[2]!.plan.blocks.every((b) => b.shortcut === 'none')).toBe(true);
  });

  it('names nets and the project so that every file fits a tar name', () => {
    expect([netSlug({ n: 3, skips: 'none' }), netSlug({ n: 9, skips: 'all' })]).toEqual(['plain20', 'resnet56']);
    expect(raceSlugs([{ n: 3, skips: 'none' }, { n: 3, skips: 'none' }])).toEqual(['plain20', 'plain20-2']);
    expect(raceFolderName(defaults)).toBe('race-plain20-plain56-resnet56-16px-w8-100steps-seed1-pytorch');
    const mixed = (k: number) => ({ n: 18, skips: Array.from({ length: 54 }, (_, i) => i !== k) });
    const long = race({ nets: [mixed(0), mixed(1), mixed(2), mixed(3)], seed: 2 ** 31 - 1, steps: 5000 });
    expect(raceFolderName(long)).toBe(`race-4nets-16px-w8-5000steps-seed${2 ** 31 - 1}-pytorch`);
    const longest = Math.max(...[...EXPORT_FILES, 'experiment.json', 'README.md'].map((f) => f.length));
    expect(raceFolderName(long).length + 1 + longest).toBeLessThanOrEqual(100);
  });
});

describe('raceSettingsFromQuery', () => {
  it('reads a query string or a whole link; keys left out take the defaults', () => {
    expect(raceSettingsFromQuery('steps=9&seed=3')).toEqual(race({ steps: 9, seed: 3 }));
    expect(raceSettingsFromQuery('http://localhost:4321/labs/degradation?nets=1p,1r&size=32')).toEqual(race({ nets: [{ n: 1, skips: 'none' }, { n: 1, skips: 'all' }], size: 32 }));
    expect(raceSettingsFromQuery('')).toEqual(defaults);
  });

  it('rejects what the page would replace by a default, and unknown keys, with the reason', () => {
    expect(() => raceSettingsFromQuery('steps=2')).toThrow(/"steps=2": Steps per network must be a whole number from 5 to 5000\.$/);
    expect(() => raceSettingsFromQuery('nets=3p,7q')).toThrow(/Network "7q" is not understood/);
    expect(() => raceSettingsFromQuery('size=24')).toThrow(/Input size must be one of 16, 32/);
    expect(() => raceSettingsFromQuery('depth=20&seed=1')).toThrow(/The race has no setting "depth"; its keys are seed, nets,/);
  });
});

describe('raceReadme', () => {
  it("states the race's numbers, what is scaled down, how to run one net and overlay its curves", () => {
    const text = raceReadme(raceExport(defaults));
    expect(text).toContain('# A degradation race with PyTorch: plain-20, plain-56, ResNet-56');
    expect(text).toContain(`/labs/degradation?${writeSettings(degradationTable, defaults)}`);
    expect(text).toContain('| ResNet-56 | `resnet56` |');
    expect(text).toContain('**16x16 images**');
    expect(text).toContain('8/16/32 channels per stage instead of 16/32/64');
    expect(text).toContain('300 of the 45,000 training images and 250 of the 5,000 validation images');
    expect(text).toContain('100 updates of 32 images');
    expect(text).toContain('at step 0 and every 50 updates');
    expect(text).toContain('--net plain20');
    expect(text).toContain('run/<net>/curves.json');
    expect(text).toMatch(/Not identical:/);
    expect(raceReadme(raceExport(race({ size: 32, width: 16 })))).not.toMatch(/16x16 images|narrow nets/);
  });
});
