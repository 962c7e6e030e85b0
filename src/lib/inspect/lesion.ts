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
  /**
   * Images per pass (default 250): every case is measured on the first chunk of images, then the next chunk refines
   * every accuracy, so a rough picture of the whole study comes early. The final accuracies do not depend on it.
   */
  readonly chunk?: number;
  readonly batchSize?: number;
  /** Stops between evaluations (and between batches of one): the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** After each evaluation: the case's index in the plan, its accuracy over the images so far, and evaluations done of all. */
  readonly onMeasured?: (index: number, m: LesionMeasurement, done: number, total: number) => void;
}

/** Images start..end-1 of a set, as a set (views, no copies). */
function slice(set: ImageSet, start: number, end: number): ImageSet {
  const bytes = set.images.length / set.count;
  return { images: set.images.subarray(start * bytes, end * bytes), labels: set.labels.subarray(start, end), count: end - start };
}

/** Every case of the plan measured on the first `limit` images, in plan order; frees every tensor it makes. */
export async function lesionStudy(model: InspectableModel, set: ImageSet, opts: LesionStudyOptions): Promise<LesionMeasurement[]> {
  const plan = lesionPlan(deletableBlocks(model.blocks), { draws: opts.draws, seed: opts.seed });
  const limit = Math.min(set.count, opts.limit);
  const chunk = opts.chunk ?? 250;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`Nothing to evaluate: ${set.count} images, limit ${opts.limit}.`);
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`chunk must be a positive integer, got ${opts.chunk}.`);
  const correct = new Array<number>(plan.length).fill(0);
  const passes = Math.ceil(limit / chunk);
  let done = 0;
  for (let start = 0; start < limit; start += chunk) {
    const part = slice(set, start, Math.min(limit, start + chunk));
    for (const [i, c] of plan.entries()) {
      opts.signal?.throwIfAborted();
      const { accuracy } = await evaluate(model, part, {
        batchSize: opts.batchSize, skipBlocks: c.blocks, onProgress: () => opts.signal?.throwIfAborted(),
      });
      correct[i]! += Math.round(accuracy * part.count);
      done += 1;
      opts.onMeasured?.(i, { case: c, accuracy: correct[i]! / (start + part.count) }, done, plan.length * passes);
      // A fresh task, so a worker sees a cancel message between evaluations.
      await nextTask();
    }
  }
  return plan.map((c, i) => ({ case: c, accuracy: correct[i]! / limit }));
}
