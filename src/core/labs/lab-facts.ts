/**
 * Values the lab pages quote: timings recorded in BENCHMARKS.md (a 2-core CPU
 * without a GPU, Chromium, the project's WASM module, 2026-11-27), so the prose computes instead of restating them.
 */

/** Recorded in BENCHMARKS.md: the default race, Train click to done, and one epoch of the train lab's paper recipe. */
export const RECORDED_TIMES = {
  /** Wall time of the earlier default degradation race (raceSteps steps, the three nets in turn in one worker). */
  raceSeconds: 52,
  /** Steps of that race (the default before the nets trained in parallel, a worker each, for fewer steps). */
  raceSteps: 300,
  /** One epoch on all 45,000 training images, batch 128, validation on 5,000 and a 100-image test included. */
  trainEpochSeconds: 137.6,
} as const;

/** Whole hours that `epochs` epochs of `epochSeconds` each take. */
export function hoursFor(epochSeconds: number, epochs: number): number {
  return Math.round((epochSeconds * epochs) / 3600);
}
