/**
 * Learning-rate schedules as data (they cross the worker boundary and live in checkpoints), and the lookup from step to
 * learning rate with PyTorch's MultiStepLR semantics.
 */

/** A fixed learning rate (the tutorial's Adam at 0.001). */
export interface ConstantSchedule {
  readonly kind: 'constant';
  readonly lr: number;
}

/** lr, multiplied by gamma at each milestone step (the paper: 0.1, x0.1 at 32k and 48k). */
export interface MultiStepSchedule {
  readonly kind: 'multistep';
  readonly lr: number;
  readonly gamma: number;
  /** Update counts (0-based step indices) from which the next decay applies, ascending. */
  readonly milestones: readonly number[];
}

export type LrSchedule = ConstantSchedule | MultiStepSchedule;

/** Learning rate of the update with 0-based index `step` (i.e. after `step` completed updates). */
export function learningRateAt(schedule: LrSchedule, step: number): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`A step index is a non-negative integer, got ${step}.`);
  if (schedule.kind === 'constant') return schedule.lr;
  let lr = schedule.lr;
  for (const m of schedule.milestones) if (step >= m) lr *= schedule.gamma;
  return lr;
}

/** The paper's schedule (section 4.2): 0.1, divided by 10 at 32k and 48k iterations; training stops at 64k. */
export const PAPER_STEPS = { milestones: [32_000, 48_000], total: 64_000 } as const;

/** Mini-batches per epoch when the last, smaller batch is kept (PyTorch's DataLoader default, drop_last=False). */
export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  if (!Number.isInteger(trainCount) || trainCount <= 0) throw new Error(`The training set needs at least one image, got ${trainCount}.`);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`The batch size must be a positive integer, got ${batchSize}.`);
  return Math.ceil(trainCount / batchSize);
}

/**
 * The paper's schedule scaled to `totalSteps`: the decays fall at the same fractions of training (32k/64k = 50%,
 * 48k/64k = 75%), as in the reference runs.
 */
export function paperScheduleFor(totalSteps: number, lr = 0.1): MultiStepSchedule {
  if (!Number.isInteger(totalSteps) || totalSteps <= 0) throw new Error(`A schedule needs a positive number of steps, got ${totalSteps}.`);
  const at = (frac: number) => Math.round(totalSteps * frac);
  return {
    kind: 'multistep',
    lr,
    gamma: 0.1,
    milestones: PAPER_STEPS.milestones.map((m) => at(m / PAPER_STEPS.total)),
  };
}

/** How many passes over `trainCount` images `steps` mini-batches of `batchSize` make (64,000 x 128 / 50,000 = 163.84). */
export function epochsOfSteps(steps: number, batchSize: number, trainCount: number): number {
  if (!(steps >= 0) || !(batchSize > 0) || !(trainCount > 0)) throw new Error(`Need steps >= 0, a positive batch size and training set, got ${steps}, ${batchSize}, ${trainCount}.`);
  return (steps * batchSize) / trainCount;
}
