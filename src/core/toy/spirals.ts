/**
 * The landing page's toy problem as plain data: two interleaved spirals in the plane (class 0 and class 1), seeded,
 * and the grid of points where the nets' decision regions are drawn. No tensors: lib turns these into batches.
 */
import { Rng } from '../random.ts';

/** Points [n, 2] (x, y interleaved) in roughly [-1, 1]^2 and their class labels [n] (0 or 1). */
export interface PointSet {
  readonly xy: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export interface SpiralOptions {
  /** Points per class. */
  readonly perClass: number;
  /** Turns of each arm. */
  readonly turns: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  readonly noise: number;
}

/** Half of the side of the square the figure shows, [-EXTENT, EXTENT]^2; every spiral point lies inside it. */
export const PLANE_EXTENT = 1.25;

/**
 * Two arms r = t, angle = 2 pi turns t (+ pi for class 1), t uniform in [0.05, 1], plus noise; arms alternate, so
 * labels go 0, 1, 0, 1, ... The same seed gives the same points.
 */
export function twoSpirals(seed: number, opts: SpiralOptions): PointSet {
  if (!Number.isInteger(opts.perClass) || opts.perClass < 1) throw new Error(`Spirals need a positive whole number of points per class, got ${opts.perClass}.`);
  if (!(opts.turns > 0) || !(opts.noise >= 0)) throw new Error(`Spiral turns must be > 0 and noise >= 0, got ${opts.turns} and ${opts.noise}.`);
  const rng = Rng.fromSeed(seed).fork('spirals');
  const count = 2 * opts.perClass;
  const xy = new Float32Array(2 * count);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const cls = i % 2;
    const t = 0.05 + 0.95 * rng.next();
    const angle = 2 * Math.PI * opts.turns * t + cls * Math.PI;
    const clamp = (v: number) => Math.max(-PLANE_EXTENT, Math.min(PLANE_EXTENT, v));
    xy[2 * i] = clamp(t * Math.cos(angle) + opts.noise * rng.normal());
    xy[2 * i + 1] = clamp(t * Math.sin(angle) + opts.noise * rng.normal());
    labels[i] = cls;
  }
  return { xy, labels, count };
}

/** Centres of a side x side grid over [-EXTENT, EXTENT]^2, row by row from the top (y = +EXTENT) left: [side^2, 2]. */
export function planeGrid(side: number): Float32Array {
  if (!Number.isInteger(side) || side < 2) throw new Error(`The decision grid needs a side of at least 2 cells, got ${side}.`);
  const out = new Float32Array(2 * side * side);
  const cell = (2 * PLANE_EXTENT) / side;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      out[2 * (r * side + c)] = -PLANE_EXTENT + (c + 0.5) * cell;
      out[2 * (r * side + c) + 1] = PLANE_EXTENT - (r + 0.5) * cell;
    }
  }
  return out;
}
