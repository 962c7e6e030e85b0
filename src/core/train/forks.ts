/**
 * Labels of the seeded generators forked from Rng.fromSeed(seed) (core/random.ts), one definition for the site's
 * loops and the PyTorch export that reproduces their streams: the split, the trainer's shuffle and augmentation
 * (forked from one root in that order), and the degradation race's subset and shuffle (each from a fresh root).
 */
export const FORKS = {
  split: 'split',
  shuffle: 'shuffle',
  augment: 'augment',
  raceSubset: 'race-subset',
  raceShuffle: 'race-shuffle',
} as const;
