/**
 * How often a running training run saves itself. The trainer asks for a checkpoint at the first step boundary after
 * this many seconds of training since the last save (epoch ends, pauses and stops save too), so a reload or a crash
 * loses at most this interval plus one step and the save itself: under a minute for any step shorter than 10 s.
 */
export const CHECKPOINT_EVERY_SECONDS = 50;
