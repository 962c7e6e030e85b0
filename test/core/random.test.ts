import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.ts';

const take = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextUint32());

describe('Rng', () => {
  it('gives equal sequences for equal seeds and different ones for different seeds', () => {
    expect(take(Rng.fromSeed(42), 8)).toEqual(take(Rng.fromSeed(42), 8));
    expect(take(Rng.fromSeed(42), 8)).not.toEqual(take(Rng.fromSeed(43), 8));
  });
  it('continues exactly from a saved state', () => {
    const r = Rng.fromSeed(7);
    take(r, 100);
    const s = r.state();
    const after = take(r, 20);
    expect(take(Rng.fromState(s), 20)).toEqual(after);
  });
  it('rejects a malformed state with a clear message', () => {
    expect(() => Rng.fromState([1, 2, 3] as unknown as [number, number, number, number])).toThrow(/four unsigned 32-bit/);
  });
  it('draws uniform floats in [0,1) with mean near 1/2 and normals with mean 0 and std 1', () => {
    const r = Rng.fromSeed(1);
    const u = Array.from({ length: 20000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b) / u.length).toBeCloseTo(0.5, 1);
    const z = Array.from({ length: 20000 }, () => r.normal());
    const m = z.reduce((a, b) => a + b) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - m) ** 2, 0) / z.length);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
  it('makes permutations that hold every index once', () => {
    const p = Rng.fromSeed(3).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
  it('forks independent, reproducible streams by label', () => {
    const a = Rng.fromSeed(5).fork('init');
    const b = Rng.fromSeed(5).fork('init');
    const c = Rng.fromSeed(5).fork('split');
    expect(take(a, 5)).toEqual(take(b, 5));
    expect(take(Rng.fromSeed(5).fork('init'), 5)).not.toEqual(take(c, 5));
  });
});
