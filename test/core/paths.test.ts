import { describe, expect, it } from 'vitest';
import { centralPathLengths, pathCount, pathTerm, pathsOfLength, unrolledPaths } from '../../src/core/paths.ts';
import { RELU_CUT_RESNET20, reluCutRange } from '../../src/core/labs/relu-cut-record.ts';

/** ∂x_n/∂x_0 = (1 + j_n)···(1 + j_1) for scalars j_i, multiplied out: the sum over paths of the product of the j they enter. */
function sumOverPaths(js: number[]): number {
  return unrolledPaths(js.length).reduce((s, p) => s + p.enters.reduce((t, e, i) => t * (e ? js[i]! : 1), 1), 0);
}

describe('the unrolled view of a residual stack', () => {
  it('has one path per subset of blocks, each once, shortest first', () => {
    const paths = unrolledPaths(3);
    expect(paths.map((p) => p.id)).toEqual(['000', '100', '010', '001', '110', '101', '011', '111']);
    expect(new Set(paths.map((p) => p.id)).size).toBe(pathCount(3));
    expect(paths.map((p) => p.length)).toEqual([0, 1, 1, 1, 2, 2, 2, 3]);
  });

  it('multiplies out the product of (1 + J_i) exactly: the sum of the path terms is the product', () => {
    const js = [0.3, -1.7, 2.5, 0.9];
    const product = js.reduce((p, j) => p * (1 + j), 1);
    expect(sumOverPaths(js)).toBeCloseTo(product, 12);
  });

  it('counts paths by length with binomial coefficients that add up to 2^n', () => {
    expect([0, 1, 2, 3].map((k) => pathsOfLength(3, k))).toEqual([1, 3, 3, 1]);
    const n = 54;
    let total = 0;
    for (let k = 0; k <= n; k++) total += pathsOfLength(n, k);
    expect(total).toBe(pathCount(n));
    expect(pathsOfLength(54, 27)).toBe(1_946_939_425_648_112);
    expect(pathCount(9)).toBe(512);
    expect(pathCount(27)).toBe(134_217_728);
  });

  it('finds the central range of path lengths that holds a share of the paths', () => {
    const [lo, hi] = centralPathLengths(54, 0.95);
    expect([lo, hi]).toEqual([20, 34]);
    const share = (a: number, b: number) => {
      let s = 0;
      for (let k = a; k <= b; k++) s += pathsOfLength(54, k);
      return s / pathCount(54);
    };
    expect(share(lo, hi)).toBeGreaterThanOrEqual(0.95);
    expect(share(lo + 1, hi - 1)).toBeLessThan(0.95);
    expect(centralPathLengths(3, 1)).toEqual([0, 3]);
  });

  it("writes each path's term of the gradient, with a ReLU mask at every block when the ReLU follows the addition", () => {
    const p = { enters: [true, false, true] };
    expect(pathTerm(p, 'post')).toEqual(['D₃J₃', 'D₂', 'D₁J₁']);
    expect(pathTerm(p, 'pre')).toEqual(['J₃', 'J₁']);
    expect(pathTerm({ enters: [false, false] }, 'pre')).toEqual([]);
    expect(pathTerm({ enters: [false, false] }, 'post')).toEqual(['D₂', 'D₁']);
  });

  it('refuses stacks it cannot draw or count', () => {
    expect(() => unrolledPaths(6)).toThrow(/1 to 5/);
    expect(() => pathCount(0)).toThrow(/whole number/);
    expect(() => pathsOfLength(3, 4)).toThrow(/0 to 3/);
    expect(() => centralPathLengths(3, 0)).toThrow(/share/);
  });
});

describe('the ReLU-cut record', () => {
  it('holds a share per ResNet-20 block and gives ranges over chosen blocks', () => {
    expect(RELU_CUT_RESNET20).toHaveLength(9);
    for (const v of RELU_CUT_RESNET20) expect(v).toBeGreaterThan(0);
    expect(reluCutRange()).toEqual([0.144, 0.659]);
    expect(reluCutRange([6, 7, 8])).toEqual([0.606, 0.659]);
    expect(() => reluCutRange([9])).toThrow(/blocks 0 to 8/);
  });
});
