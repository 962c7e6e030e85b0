/**
 * Running mean and variance of many values, merged batch by batch (Chan, Golub & LeVeque's pairwise update), so the
 * standard deviation of a layer's response over thousands of test images needs only one batch in memory at a time.
 */

/** count values with this mean and m2 = the sum of squared deviations from it. */
export interface Moments {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
}

export const NO_MOMENTS: Moments = { count: 0, mean: 0, m2: 0 };

/** The moments of the union of two disjoint sets of values. */
export function combineMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  return { count, mean: a.mean + (delta * b.count) / count, m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / count };
}

/** Population standard deviation (divided by the count, like tf.moments and NumPy's default); NaN for no values. */
export function momentsStd(m: Moments): number {
  return m.count === 0 ? Number.NaN : Math.sqrt(Math.max(0, m.m2 / m.count));
}
