import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/core/format.ts';
import { projectFullRecipe } from '../../../src/core/train/projection.ts';

describe('projectFullRecipe', () => {
  it("counts the paper's 64,000 updates of 128 images on the 45,000-image split", () => {
    const p = projectFullRecipe(421.8);
    expect([p.steps, p.batchSize, p.images]).toEqual([64_000, 128, 8_192_000]);
    expect(p.epochs).toBeCloseTo(8_192_000 / 45_000, 9);
    // The recorded quiet bench speed (BENCHMARKS.md, 2026-11-27): 106.7 s an epoch, 5.4 h in all.
    expect(p.epochSeconds).toBeCloseTo(45_000 / 421.8, 9);
    expect(p.totalSeconds / 3600).toBeCloseTo(5.395, 3);
    expect(formatDuration(p.totalSeconds)).toBe('5.4 h');
  });

  it('adds validation once an epoch, for every epoch begun', () => {
    const bare = projectFullRecipe(500);
    expect(projectFullRecipe(500, { validationSeconds: 10 }).totalSeconds - bare.totalSeconds).toBeCloseTo(183 * 10, 9);
  });

  it('refuses a speed that is not a positive number', () => {
    for (const bad of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => projectFullRecipe(bad)).toThrow(/above zero/);
  });
});

describe('formatDuration', () => {
  it('prints seconds, minutes or hours', () => {
    expect([formatDuration(44.6), formatDuration(126), formatDuration(3600 * 6.46)]).toEqual(['45 s', '2.1 min', '6.5 h']);
  });
});
