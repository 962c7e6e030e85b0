import { describe, expect, it } from 'vitest';
import { TRAIN_SPLIT_COUNT } from '../../../src/core/data/cifar10.ts';
import { earlyStopTrace } from '../../../src/core/train/early-stopping.ts';
import { paperRecipe, recipeByName, recipeLength, totalSteps, tutorialRecipe } from '../../../src/core/train/recipes.ts';
import { learningRateAt, paperScheduleFor, stepsPerEpoch } from '../../../src/core/train/schedules.ts';

describe('learning-rate schedules', () => {
  it("the paper's: 0.1 until update 32k, 0.01 until 48k, 0.001 after (PyTorch MultiStepLR boundaries)", () => {
    const s = paperRecipe().schedule;
    expect([0, 31_999, 32_000, 47_999, 48_000, 63_999].map((t) => learningRateAt(s, t))).toEqual(
      [0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1, 0.1 * 0.1 * 0.1],
    );
    expect(paperRecipe().maxSteps).toBe(64_000);
  });

  it('scaled to E epochs, the decays fall at 50% and 75% of the updates', () => {
    expect(stepsPerEpoch(45_000, 128)).toBe(352);
    const r = paperRecipe({ epochs: 30 });
    expect(r.maxSteps).toBe(30 * 352);
    expect(r.schedule).toEqual({ kind: 'multistep', lr: 0.1, gamma: 0.1, milestones: [5280, 7920] });
    expect(learningRateAt(r.schedule, 5279)).toBe(0.1);
    expect(learningRateAt(r.schedule, 5280)).toBeCloseTo(0.01, 12);
    expect(paperScheduleFor(10).milestones).toEqual([5, 8]);
    expect(totalSteps(r, 45_000)).toBe(10_560);
  });

  it("the tutorial's: constant 0.001 with Adam, at most 50 epochs, validation every 50 batches", () => {
    const r = tutorialRecipe();
    expect(learningRateAt(r.schedule, 123_456)).toBe(0.001);
    expect(r.optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 });
    expect([r.maxEpochs, r.validateEvery, r.earlyStopPatience, r.batchSize]).toEqual([50, 50, 5, 128]);
    expect(totalSteps(r, 45_000)).toBe(50 * 352);
  });

  it('tells how long a recipe trains: the tutorial 352 batches x 50 epochs of 45,000, the paper ~164 epochs of 50,000', () => {
    expect(TRAIN_SPLIT_COUNT).toBe(45_000);
    expect(recipeLength(tutorialRecipe())).toEqual({ stepsPerEpoch: 352, steps: 17_600, epochs: 50 });
    expect(recipeLength(paperRecipe(), 50_000)).toEqual({ stepsPerEpoch: 391, steps: 64_000, epochs: 164 });
    expect(recipeLength(paperRecipe({ epochs: 30 })).epochs).toBe(30);
  });

  it('bad input gets a message that names it', () => {
    expect(() => recipeByName('adamw')).toThrow(/Unknown recipe "adamw".*tutorial.*paper/);
    expect(() => tutorialRecipe({ epochs: 0 })).toThrow(/epochs must be a positive integer/);
    expect(() => learningRateAt({ kind: 'constant', lr: 1 }, -1)).toThrow(/non-negative integer/);
    expect(() => stepsPerEpoch(0, 128)).toThrow(/at least one image/);
  });
});

/** The 1-based check at which the rule stops a run with these accuracies, or null. */
function stopsAt(accuracies: number[], patience = 5): number | null {
  const i = earlyStopTrace(accuracies, patience).findIndex((c) => c.stop);
  return i < 0 ? null : i + 1;
}

describe("the tutorial's early stopping", () => {
  it('stops at the sixth check in a row that does not beat the one before (counter > 5)', () => {
    expect(stopsAt([0.3, 0.4, 0.4, 0.39, 0.38, 0.38, 0.37, 0.36])).toBe(8);
    expect(stopsAt([0.3, 0.4, 0.4, 0.39, 0.38, 0.38, 0.37])).toBeNull();
  });

  it('an improvement over the previous check resets the count, even if below the best so far', () => {
    expect(stopsAt([0.5, 0.4, 0.3, 0.2, 0.1, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2])).toBeNull();
    expect(stopsAt([0.5, 0.4, 0.3, 0.2, 0.1, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2])).toBe(12);
  });

  it('a rising sequence never stops, and equal accuracy counts as no improvement', () => {
    expect(stopsAt(Array.from({ length: 100 }, (_, i) => i / 100))).toBeNull();
    expect(stopsAt(new Array(7).fill(0.5))).toBe(7);
  });

  it('traces the state after every check: the counter and the verdict', () => {
    const trace = earlyStopTrace([0.3, 0.4, 0.4, 0.45], 5);
    expect(trace.map((c) => c.state)).toEqual([
      { previous: 0.3, counter: 0 }, { previous: 0.4, counter: 0 }, { previous: 0.4, counter: 1 }, { previous: 0.45, counter: 0 },
    ]);
    expect(trace.some((c) => c.stop)).toBe(false);
    expect(earlyStopTrace([], 5)).toEqual([]);
  });
});
