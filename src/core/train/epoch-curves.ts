/**
 * A run's curves per epoch, the shape PyTorch's reference runs record (src/data/reference_runs.json: train loss and
 * error averaged over the epoch, validation accuracy at its end), so a run of `npm run train` or of the train lab can
 * be set beside them epoch by epoch.
 */

/** The parts of a run's curves (lib/train/state.ts Curves, or a curves.json) this needs; epochs are fractional. */
export interface RunCurvesLike {
  readonly train: readonly { readonly step: number; readonly epoch: number; readonly loss: number; readonly error: number }[];
  readonly val: readonly { readonly epoch: number; readonly accuracy: number }[];
}

export interface EpochRow {
  /** 1-based epoch. */
  readonly epoch: number;
  /** Mean training loss and error over the epoch's steps (each point weighted by the steps it covers). */
  readonly trainLoss: number;
  readonly trainError: number;
  /** Validation accuracy at the epoch's end, or null when the run has none there. */
  readonly valAccuracy: number | null;
}

/** One row per epoch with training points, for the epochs the run completed (a partial last epoch is left out). */
export function epochRows(c: RunCurvesLike): EpochRow[] {
  const sums = new Map<number, { loss: number; error: number; steps: number }>();
  let lastStep = 0;
  for (const p of c.train) {
    const steps = p.step - lastStep;
    lastStep = p.step;
    if (steps <= 0) throw new Error(`Training points must have increasing steps (step ${p.step} follows ${p.step - steps}).`);
    // A point at fractional epoch 3.0 closes epoch 3; 3.02 belongs to epoch 4.
    const e = Math.max(1, Math.ceil(p.epoch - 1e-9));
    const s = sums.get(e) ?? { loss: 0, error: 0, steps: 0 };
    s.loss += p.loss * steps;
    s.error += p.error * steps;
    s.steps += steps;
    sums.set(e, s);
  }
  const lastTrain = c.train.at(-1);
  const complete = lastTrain === undefined ? 0 : Math.floor(lastTrain.epoch + 1e-9);
  return [...sums.entries()]
    .filter(([e]) => e <= complete)
    .sort(([a], [b]) => a - b)
    .map(([epoch, s]) => ({
      epoch, trainLoss: s.loss / s.steps, trainError: s.error / s.steps,
      valAccuracy: c.val.find((v) => Math.abs(v.epoch - epoch) < 1e-6)?.accuracy ?? null,
    }));
}
