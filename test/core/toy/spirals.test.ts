import { describe, expect, it } from 'vitest';
import { PLANE_EXTENT, planeGrid, twoSpirals } from '../../../src/core/toy/spirals.ts';
import { clearlyBehind, clearlyBehindFrom } from '../../../src/core/toy/verdict.ts';

describe('twoSpirals', () => {
  it('gives the same points for the same seed, other points for another, alternating labels inside the plane', () => {
    const opts = { perClass: 50, turns: 1.5, noise: 0.05 };
    const a = twoSpirals(1, opts);
    expect(twoSpirals(1, opts).xy).toEqual(a.xy);
    expect(twoSpirals(2, opts).xy).not.toEqual(a.xy);
    expect(a.count).toBe(100);
    expect([...a.labels.slice(0, 4)]).toEqual([0, 1, 0, 1]);
    expect(Math.max(...a.xy.map(Math.abs))).toBeLessThanOrEqual(PLANE_EXTENT);
  });

  it('puts the two arms on opposite sides of the origin (point-symmetric) without noise', () => {
    const { xy } = twoSpirals(4, { perClass: 200, turns: 1, noise: 0 });
    const mean = (cls: number, axis: number) => {
      let s = 0;
      for (let i = cls; i < 400; i += 2) s += xy[2 * i + axis]!;
      return s / 200;
    };
    expect(Math.abs(mean(0, 0) + mean(1, 0))).toBeLessThan(0.1);
  });

  it('refuses settings that make no spiral', () => {
    expect(() => twoSpirals(1, { perClass: 0, turns: 1, noise: 0 })).toThrow(/positive whole number/);
    expect(() => twoSpirals(1, { perClass: 5, turns: 0, noise: 0 })).toThrow(/turns must be > 0/);
  });
});

describe('planeGrid', () => {
  it('lists cell centres row by row from the top left', () => {
    const g = planeGrid(2);
    const h = PLANE_EXTENT / 2;
    expect([...g]).toEqual([-h, h, h, h, -h, -h, h, -h].map((v) => Math.fround(v)));
  });
});

describe('clearlyBehind', () => {
  it('needs twice the worse other loss and 0.1 more', () => {
    expect(clearlyBehind(0.6, [0.1, 0.2])).toBe(true);
    expect(clearlyBehind(0.3, [0.1, 0.14])).toBe(true);
    expect(clearlyBehind(0.15, [0.01, 0.07])).toBe(false);
    expect(clearlyBehind(0.5, [0.3, 0.1])).toBe(false);
    expect(clearlyBehind(Number.NaN, [0.1, 0.1])).toBe(false);
  });

  it('finds the first read-back from which the deep plain net is behind `hold` times in a row', () => {
    const rows = [[0.7, 0.7, 0.7], [0.1, 0.6, 0.1], [0.5, 0.6, 0.5], [0.1, 0.6, 0.2], [0.05, 0.5, 0.05], [0.05, 0.04, 0.05]];
    expect(clearlyBehindFrom(rows, 1, 2)).toBe(3);
    expect(clearlyBehindFrom(rows, 1, 3)).toBeNull();
    expect(clearlyBehindFrom(rows, 1, 1)).toBe(1);
  });
});
