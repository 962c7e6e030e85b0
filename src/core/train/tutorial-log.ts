/**
 * The tutorial's training log: the format of its log line (this site's trainer prints the same lines, so a run in the
 * browser reads like the tutorial's) and the lines its notebook printed for the first two epochs.
 */

/** One validation check as the tutorial prints it. `epoch` is 1-based; `batch` counts mini-batches within the epoch. */
export interface TutorialLogEntry {
  readonly epoch: number;
  readonly batch: number;
  /** Mean training cross-entropy of the mini-batches since the previous check. */
  readonly loss: number;
  /** Accuracy on the 5,000 validation images. */
  readonly accuracy: number;
}

/** The tutorial's log line: "[epoch 1, batch 50]: running train cross entropy: 2.074 | validation accuracy: 0.288". */
export function logLine(epoch1: number, batch: number, runningLoss: number, accuracy: number): string {
  return `[epoch ${epoch1}, batch ${batch}]: running train cross entropy: ${runningLoss.toFixed(3)} | validation accuracy: ${accuracy.toFixed(3)}`;
}

const entry = (epoch: number, batch: number, loss: number, accuracy: number): TutorialLogEntry => ({ epoch, batch, loss, accuracy });

/** What the tutorial's notebook printed in its first two epochs (a check every 50 mini-batches of 128 images). */
export const TUTORIAL_LOG: readonly TutorialLogEntry[] = [
  entry(1, 50, 2.074, 0.288), entry(1, 100, 1.756, 0.349), entry(1, 150, 1.645, 0.390), entry(1, 200, 1.575, 0.431),
  entry(1, 250, 1.495, 0.452), entry(1, 300, 1.390, 0.495), entry(1, 350, 1.321, 0.520), entry(2, 50, 1.269, 0.545),
  entry(2, 100, 1.225, 0.544), entry(2, 150, 1.212, 0.565), entry(2, 200, 1.178, 0.583), entry(2, 250, 1.182, 0.595),
  entry(2, 300, 1.118, 0.603), entry(2, 350, 1.114, 0.609),
];
