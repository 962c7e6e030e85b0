/**
 * Values the lab pages quote: the race's stage widths and length, and timings recorded in BENCHMARKS.md (a 2-core CPU
 * without a GPU, Chromium, the project's WASM module, 2026-11-27), so the prose computes instead of restating them.
 */

/** Channels per stage of a racing net whose first stage has `width` channels (each later stage doubles it). */
export function raceWidths(width: number, stages = 3): number[] {
  if (!Number.isInteger(width) || width < 1) throw new Error(`A width is a positive integer, got ${width}.`);
  return Array.from({ length: stages }, (_, s) => width * 2 ** s);
}

/** Passes over a training subset that `steps` mini-batches of `batch` images make, rounded to whole passes. */
export function passesOver(steps: number, batch: number, images: number): number {
  if (!(images > 0)) throw new Error(`The subset needs at least one image, got ${images}.`);
  return Math.round((steps * batch) / images);
}

/** Recorded in BENCHMARKS.md: the default race, Train click to done, and one epoch of the train lab's paper recipe. */
export const RECORDED_TIMES = {
  /** Wall time of the default degradation race (300 steps, three nets). */
  raceSeconds: 52,
  /** One epoch on all 45,000 training images, batch 128, validation on 5,000 and a 100-image test included. */
  trainEpochSeconds: 137.6,
} as const;

/** Whole hours that `epochs` epochs of `epochSeconds` each take. */
export function hoursFor(epochSeconds: number, epochs: number): number {
  return Math.round((epochSeconds * epochs) / 3600);
}
