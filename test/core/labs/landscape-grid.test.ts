import { describe, expect, it } from 'vitest';
import { GRID_SIZES, finestCompleteStride, gridCoords, localMinima, refinementOrder, refinementStrides, subGrid } from '../../../src/core/labs/landscape-grid.ts';

describe('the landscape grid', () => {
  it('refines from a 3x3 grid down to every point, each point once', () => {
    expect(refinementStrides(17)).toEqual([8, 4, 2, 1]);
    expect(refinementStrides(25)).toEqual([8, 4, 2, 1]);
    for (const size of GRID_SIZES) {
      const order = refinementOrder(size);
      expect(order).toHaveLength(size * size);
      expect(new Set(order.map((p) => p.j * size + p.i)).size).toBe(size * size);
      const first = refinementStrides(size)[0]!;
      expect(order.slice(0, ((size - 1) / first + 1) ** 2).every((p) => p.stride === first)).toBe(true);
    }
  });

  it('spans [-span, span] with 0 at the centre, and rejects even sizes with a clear message', () => {
    expect(gridCoords(5, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(() => gridCoords(4, 1)).toThrow(/odd number of points per side/);
    expect(() => gridCoords(5, 0)).toThrow(/positive number/);
  });

  it('knows the finest complete level while points arrive', () => {
    const v = new Array<number>(25).fill(Number.NaN);
    expect(finestCompleteStride(v, 5)).toBeNull();
    for (const p of refinementOrder(5).slice(0, 9)) v[p.j * 5 + p.i] = 1;
    expect(finestCompleteStride(v, 5)).toBe(2);
    expect(subGrid(v, 5, 2)).toEqual({ size: 3, values: new Array(9).fill(1) });
  });

  it('counts one local minimum in a bowl and more in a bumpy slice', () => {
    const bowl = Array.from({ length: 25 }, (_, k) => (k % 5 - 2) ** 2 + (Math.floor(k / 5) - 2) ** 2);
    expect(localMinima(bowl, 5)).toBe(1);
    const bumpy = bowl.map((v, k) => (k === 0 ? -1 : v));
    expect(localMinima(bumpy, 5)).toBe(2);
  });
});
