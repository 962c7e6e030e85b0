/**
 * Values the lab pages quote: timings recorded in BENCHMARKS.md (a 2-core CPU without a GPU, Chromium, the project's
 * WASM module), so the prose computes instead of restating them.
 */

/** Recorded in BENCHMARKS.md: the default race, Train click to done, and one epoch of the train lab's paper recipe. */
export const RECORDED_TIMES = {
  /** The default degradation race, Train click to verdict: median of seeds 1-5 (22.9-26.1 s), quiet machine, 2026-12-01. */
  raceSeconds: 25,
  /** Steps of that race (each net in a worker of its own). */
  raceSteps: 100,
  /** One epoch on all 45,000 training images, batch 128, validation on 5,000 and a 100-image test included. */
  trainEpochSeconds: 137.6,
} as const;

/** Whole hours that `epochs` epochs of `epochSeconds` each take. */
export function hoursFor(epochSeconds: number, epochs: number): number {
  return Math.round((epochSeconds * epochs) / 3600);
}
