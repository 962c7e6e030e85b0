import { describe, expect, it } from 'vitest';
import { channelStats, classCounts, firstOfEachClass } from '../../../src/core/data/stats.ts';
import { randomSet } from '../../fixtures/cifar-fixture.ts';

describe('channelStats', () => {
  it('matches a direct two-pass computation on random images', () => {
    const set = randomSet(5, 9);
    const s = channelStats(set.images);
    for (let c = 0; c < 3; c++) {
      const v: number[] = [];
      for (let p = c; p < set.images.length; p += 3) v.push(set.images[p]! / 255);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      expect(s.mean[c]).toBeCloseTo(mean, 12);
      expect(s.std[c]).toBeCloseTo(std, 12);
    }
    expect(s.count).toBe(5);
  });

  it('uses only the chosen images', () => {
    const set = randomSet(3, 2);
    set.images.fill(255, 0, 3072);
    set.images.fill(0, 3072);
    expect(channelStats(set.images, [0]).mean).toEqual([1, 1, 1]);
    expect(channelStats(set.images, [1, 2]).std).toEqual([0, 0, 0]);
  });
});

describe('classCounts and firstOfEachClass', () => {
  it('count labels per class and pick the first images of each class in order', () => {
    const labels = Uint8Array.from([3, 3, 1, 3, 9]);
    expect(classCounts(labels)).toEqual([0, 1, 0, 3, 0, 0, 0, 0, 0, 1]);
    expect(classCounts(labels, [0, 4])).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    const picks = firstOfEachClass(labels, 2);
    expect(picks[3]).toEqual([0, 1]);
    expect(picks[1]).toEqual([2]);
    expect(picks[0]).toEqual([]);
  });
});
