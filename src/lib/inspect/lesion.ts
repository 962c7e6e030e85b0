/**
 * The lesion study of Veit, Wilber, Belongie (2016) on a trained model: test accuracy with blocks deleted at test time
 * (the model's own forward with `skipBlocks`, see core/model/lesion.ts), following core/labs/lesion-plan.ts's plan.
 */
import type { ImageSet } from '../../core/data/types.ts';
import { lesionPlan, type LesionMeasurement } from '../../core/labs/lesion-plan.ts';
import { deletableBlocks } from '../../core/model/lesion.ts';
import type { InspectableModel } from '../model/build.ts';
import { nextTask } from '../train/yield.ts';
import { evaluate } from './evaluate.ts';

export interface LesionStudyOptions {
  /** Test images per evaluation (the first `limit` of the set). */
  readonly limit: number;
  /** Random sets per number of deleted blocks. */
  readonly draws: number;
  readonly seed: number;
  readonly batchSize?: number;
  /** Stops between evaluations (and between batches of one): the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** After each case: its measurement, and how many of the plan's cases are done. */
  readonly onMeasured?: (m: LesionMeasurement, done: number, total: number) => void;
}

/** Every case of the plan measured, in plan order; frees every tensor it makes. */
export async function lesionStudy(model: InspectableModel, set: ImageSet, opts: LesionStudyOptions): Promise<LesionMeasurement[]> {
  const plan = lesionPlan(deletableBlocks(model.blocks), { draws: opts.draws, seed: opts.seed });
  const out: LesionMeasurement[] = [];
  for (const c of plan) {
    opts.signal?.throwIfAborted();
    const { accuracy } = await evaluate(model, set, {
      limit: opts.limit, batchSize: opts.batchSize, skipBlocks: c.blocks,
      onProgress: () => opts.signal?.throwIfAborted(),
    });
    const m = { case: c, accuracy };
    out.push(m);
    opts.onMeasured?.(m, out.length, plan.length);
    // A fresh task, so a worker sees a cancel message between evaluations.
    await nextTask();
  }
  return out;
}
