import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.ts';
import { channelPixels, featureLimit, gridLayout, layoutFeatureGrid, renderFeatureGrid, robustLimit, type FeatureMapView } from '../../../src/viz/labs/feature-grid.ts';
import { makeDiv, pretty } from '../dom.ts';

describe('feature grid', () => {
  // A 1x2 map with 2 channels in HWC order: pixel 0 = (1, -2), pixel 1 = (0, 4).
  const view = { shape: [1, 2, 2] as const, data: [1, -2, 0, 4] };

  it('scales by the largest absolute value across all channels', () => {
    expect(featureLimit(view)).toBe(4);
    expect(featureLimit({ shape: [1, 1, 1], data: [0] })).toBe(1);
  });

  it('reads channel c at (y * W + x) * C + c and maps zero to white, + to orange, - to purple', () => {
    const ch1 = channelPixels(view, 1, 4);
    expect(ch1).toHaveLength(8);
    const [r0, g0, b0] = ch1;
    const [r1, , b1] = ch1.slice(4);
    expect(b0!).toBeGreaterThan(r0!); // -2: purple-ish (blue > red)
    expect(r1!).toBeGreaterThan(b1!); // +4: orange (red > blue)
    const white = channelPixels(view, 0, 4).slice(4, 8); // value 0
    expect(Math.min(...white.slice(0, 3))).toBeGreaterThan(225);
    expect(g0).toBeDefined();
  });

  it('explains a data/shape mismatch and an out-of-range channel', () => {
    expect(() => channelPixels({ shape: [2, 2, 2], data: [1] }, 0, 1)).toThrow(/1 values but shape \[2, 2, 2\] needs 8/);
    expect(() => channelPixels(view, 2, 1)).toThrow(/Channel 2 is outside 0..1/);
  });

  it('lays out channels in a wide grid that fits the width', () => {
    const g = gridLayout(16, 400);
    expect(g.cols * g.rows).toBeGreaterThanOrEqual(16);
    expect(g.cols * (g.cell + 2)).toBeLessThanOrEqual(400);
  });

  it('takes a quantile of |value| over all maps as a robust limit', () => {
    const big = Array.from({ length: 99 }, () => 1).concat([1000]);
    expect(robustLimit([big], 0.9)).toBe(1);
    expect(robustLimit([big], 1)).toBe(1000);
    expect(robustLimit([[0, 0]])).toBe(1);
  });
});

describe('feature grid layout and renderer', () => {
  /** A seeded 4x4 map with 6 channels, HWC. */
  const seeded = (): FeatureMapView => {
    const rng = Rng.fromSeed(5);
    return { shape: [4, 4, 6], data: Array.from({ length: 96 }, () => rng.normal()) };
  };

  it('shows at most maxChannels channels and says how many there are', () => {
    const g = layoutFeatureGrid(seeded(), { width: 200, maxChannels: 4, limit: 2 });
    expect(g.channels).toEqual([0, 1, 2, 3]);
    expect(g.summary).toBe('6 feature maps of 4×4, first 4 shown; colour scale ±2.00 (orange positive, purple negative, white zero).');
    expect(() => layoutFeatureGrid({ shape: [2, 2, 2], data: [1] }, { width: 100 })).toThrow(/needs 8/);
  });

  it('reuses the canvases of the channels it already drew', () => {
    const div = makeDiv();
    const map = seeded();
    renderFeatureGrid(div, map, layoutFeatureGrid(map, { width: 200, maxChannels: 4 }));
    const first = div.querySelector('canvas[data-channel="0"]');
    renderFeatureGrid(div, map, layoutFeatureGrid(map, { width: 200 }));
    expect(div.querySelectorAll('canvas')).toHaveLength(6);
    expect(div.querySelector('canvas[data-channel="0"]')).toBe(first);
  });

  it('matches the snapshot of a seeded map', () => {
    const div = makeDiv();
    const map = seeded();
    renderFeatureGrid(div, map, layoutFeatureGrid(map, { width: 200 }));
    expect(pretty(div)).toMatchSnapshot();
  });
});
