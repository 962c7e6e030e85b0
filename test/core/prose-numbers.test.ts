import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESNET20_COUNTS, paramsMatching, paramsOfLayer } from '../../src/core/model/counts.ts';
import { SAVED_FOR_BACKWARD, TORCHSUMMARY_KINDS, activationBytes, outputValuesPerImage } from '../../src/core/model/activations.ts';
import { presetConfig, summarize } from '../../src/core/model/index.ts';
import { epochsOfSteps, PAPER_STEPS } from '../../src/core/train/schedules.ts';
import { checksToStop, earlyStopTrace } from '../../src/core/train/early-stopping.ts';
import { augmentVariants, cropPositions, normalizedValue } from '../../src/core/data/augment-facts.ts';
import { TRAIN_COUNT, TRAIN_SPLIT_COUNT } from '../../src/core/data/cifar10.ts';
import { hoursFor } from '../../src/core/labs/lab-facts.ts';
import { racePasses, raceWidths } from '../../src/core/labs/degradation-settings.ts';
import { blockRatioRange } from '../../src/core/labs/block-ratios-record.ts';
import { TUTORIAL_RESULTS, runNamed } from '../../src/core/results.ts';
import { TUTORIAL_LOG } from '../../src/core/train/tutorial-log.ts';
import { formatCount, formatErrorPercent, formatGibibytes, formatGigabytes, formatPercent } from '../../src/core/format.ts';

/** The tutorial's torchsummary table, row by row: kind, output shape [C, H, W] or [K], parameters. */
function tutorialRows(): { kind: string; shape: number[]; params: number }[] {
  const text = readFileSync(new URL('./model/fixtures/tutorial-summary.txt', import.meta.url), 'utf8');
  return [...text.matchAll(/^(\w+)-\d+\s+\[-1, ([\d, ]+)\]\s+([\d,]+)$/gm)].map((m) => ({
    kind: m[1]!, shape: m[2]!.split(',').map(Number), params: Number(m[3]!.replace(/,/g, '')),
  }));
}

describe('the parameter counts the chapters quote', () => {
  it('splits ResNet-20 into its parts as facts.md and the paper describe', () => {
    expect(RESNET20_COUNTS.optionB).toBe(272_490);
    expect(RESNET20_COUNTS.optionA).toBe(269_722);
    expect(RESNET20_COUNTS.plain).toBe(269_738);
    expect(RESNET20_COUNTS.projectionStage2).toBe(16 * 32 + 2 * 32);
    expect(RESNET20_COUNTS.projectionStage3).toBe(32 * 64 + 2 * 64);
    expect(RESNET20_COUNTS.projections).toBe(RESNET20_COUNTS.projectionStage2 + RESNET20_COUNTS.projectionStage3);
    // Removing the projections alone leaves the plain net's count; option A also drops the stem's 16 biases.
    expect(RESNET20_COUNTS.withoutProjections).toBe(RESNET20_COUNTS.optionB - RESNET20_COUNTS.projections);
    expect(RESNET20_COUNTS.withoutProjections).toBe(RESNET20_COUNTS.plain);
    expect(RESNET20_COUNTS.stemBias).toBe(16);
    expect(RESNET20_COUNTS.optionA).toBe(RESNET20_COUNTS.withoutProjections - RESNET20_COUNTS.stemBias);
  });

  it("gives the tutorial's own model (one BatchNorm per block) the count its torchsummary table implies", () => {
    const rows = tutorialRows();
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(272_490);
    // The shared self.bn is called a second time after the addition: in each block, the last BatchNorm2d row.
    let doubleCounted = 0;
    let lastBn = 0;
    for (const r of rows) {
      if (r.kind === 'BatchNorm2d') lastBn = r.params;
      if (r.kind === 'block') doubleCounted += lastBn;
    }
    expect(doubleCounted).toBe(3 * (2 * 16 + 2 * 32 + 2 * 64));
    expect(RESNET20_COUNTS.secondBatchNorms).toBe(doubleCounted);
    expect(RESNET20_COUNTS.tutorialListing).toBe(272_490 - doubleCounted);
    expect(RESNET20_COUNTS.tutorialListing).toBe(271_818);
  });

  it('finds layers by id and refuses unknown ones', () => {
    const c = presetConfig('resnet20');
    expect(paramsOfLayer(c, 'stage3.block1.conv1')).toBe(9 * 64 * 64);
    expect(paramsOfLayer(c, 'fc')).toBe(64 * 10 + 10);
    expect(paramsOfLayer(c, 'stem.conv')).toBe(3 * 3 * 3 * 16 + 16);
    expect(paramsMatching(c, /^nothing$/)).toBe(0);
    expect(() => paramsOfLayer(c, 'stage4.block0.conv1')).toThrow(/No layer/);
    expect(() => paramsOfLayer(presetConfig('resnet20-a'), 'stage2.block0.shortcut.conv')).toThrow(/No layer/);
  });
});

describe('activation memory of the tutorial test batch', () => {
  const summary = summarize(presetConfig('resnet20'));

  it("matches torchsummary's 'Forward/backward pass size' (every listed output, x2 for gradients, in MiB)", () => {
    const fromTable = tutorialRows().reduce((s, r) => s + r.shape.reduce((a, b) => a * b, 1), 0);
    expect(outputValuesPerImage(summary, TORCHSUMMARY_KINDS)).toBe(fromTable);
    const mib = (outputValuesPerImage(summary, TORCHSUMMARY_KINDS) * 4 * 2) / 2 ** 20;
    expect(mib.toFixed(2)).toBe(TUTORIAL_RESULTS.summaryForwardBackwardMB.toFixed(2));
  });

  it('gives about 25 GiB of layer outputs and about 15.6 GB kept for backward for 10,000 images', () => {
    expect(formatGibibytes(activationBytes(summary, 10_000, TORCHSUMMARY_KINDS))).toBe('25.2 GiB');
    expect(formatGigabytes(activationBytes(summary, 10_000, TORCHSUMMARY_KINDS))).toBe('27.0 GB');
    // Conv and ReLU outputs: stem 2, then 4 per block (+1 projection conv) at 16x32x32, 32x16x16, 64x8x8 values.
    const saved = 2 * 16384 + 3 * 4 * 16384 + (3 * 4 + 1) * 8192 + (3 * 4 + 1) * 4096;
    expect(outputValuesPerImage(summary, SAVED_FOR_BACKWARD)).toBe(saved);
    expect(formatGigabytes(activationBytes(summary, 10_000, SAVED_FOR_BACKWARD))).toBe('15.6 GB');
    expect(() => activationBytes(summary, 0)).toThrow(/at least one image/);
  });
});

describe('schedules, early stopping, augmentation and lab values', () => {
  it('counts the paper schedule as about 164 epochs of 50,000 images and 182 of 45,000', () => {
    expect(epochsOfSteps(PAPER_STEPS.total, 128, TRAIN_COUNT).toFixed(0)).toBe('164');
    expect(epochsOfSteps(PAPER_STEPS.total, 128, TRAIN_SPLIT_COUNT).toFixed(0)).toBe('182');
    expect(TRAIN_SPLIT_COUNT).toBe(45_000);
    expect(() => epochsOfSteps(10, 0, 5)).toThrow();
  });

  it("traces the tutorial's rule over its own log: the dip counts once, nothing stops", () => {
    expect(checksToStop(5)).toBe(6);
    const trace = earlyStopTrace(TUTORIAL_LOG.map((l) => l.accuracy), 5);
    expect(trace.map((t) => t.state.counter)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(trace.some((t) => t.stop)).toBe(false);
    expect(earlyStopTrace([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 5).map((t) => t.stop)).toEqual([false, false, false, false, false, false, true]);
  });

  it('counts augmentation variants and the normalised black border', () => {
    expect(cropPositions(4)).toBe(9);
    expect(augmentVariants(4)).toBe(162);
    expect(normalizedValue(0, 0).toFixed(2)).toBe('-1.99');
    expect(normalizedValue(0, 2).toFixed(2)).toBe('-1.71');
    expect(() => cropPositions(-1)).toThrow();
  });

  it('computes the race widths, passes and hours the lab pages state', () => {
    expect(raceWidths(8)).toEqual([8, 16, 32]);
    expect(racePasses({ steps: 300, batch: 32, train: 5000 })).toBe(2);
    expect(hoursFor(137.6, epochsOfSteps(PAPER_STEPS.total, 128, TRAIN_SPLIT_COUNT))).toBe(7);
    expect(blockRatioRange([1, 2, 4, 5])).toEqual([0.39, 0.6]);
    expect(() => blockRatioRange([9])).toThrow(/blocks 0 to 8/);
  });

  it('formats counts, percentages and finds recorded runs by name', () => {
    expect(formatCount(271818)).toBe('271,818');
    expect(formatPercent(0.8827, 2)).toBe('88.27%');
    expect(formatErrorPercent(0.4552)).toBe('54.5%');
    expect(runNamed([{ name: 'a' }], 'a')).toEqual({ name: 'a' });
    expect(() => runNamed([{ name: 'a' }], 'b')).toThrow(/have: a/);
  });
});
