/**
 * Figure 7 over many test images: each 3x3 layer's response std (lib/inspect/stats.ts's definition) over the first
 * `limit` images of a set, one batch at a time, the moments merged exactly across batches.
 */
import type { ImageSet } from '../../core/data/types.ts';
import { normalizeBatch } from '../data/normalize.ts';
import type { InspectableModel } from '../model/build.ts';
import { nextTask } from '../train/yield.ts';
import { layerResponseMoments, mergeLayerMoments, stdsOf, type LayerMoments, type LayerStd } from './stats.ts';

export interface ResponseStudyOptions {
  readonly limit: number;
  /** Images per forward pass (default 100: the taps of a whole pass are alive at once). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** After each batch: the stds over the images so far, and how many those are. */
  readonly onBatch?: (stds: LayerStd[], done: number, total: number) => void;
}

/** The response std of every 3x3 layer over the first `limit` images of `set`; frees every tensor it makes. */
export async function responseStds(model: InspectableModel, set: ImageSet, opts: ResponseStudyOptions): Promise<LayerStd[]> {
  const total = Math.min(set.count, opts.limit);
  const batch = opts.batchSize ?? 100;
  if (!Number.isInteger(total) || total < 1) throw new Error(`Nothing to measure: ${set.count} images, limit ${opts.limit}.`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batchSize must be a positive integer, got ${opts.batchSize}.`);
  let moments: LayerMoments[] = [];
  for (let start = 0; start < total; start += batch) {
    opts.signal?.throwIfAborted();
    const end = Math.min(total, start + batch);
    const x = normalizeBatch(set.images, Array.from({ length: end - start }, (_, i) => start + i));
    try {
      moments = mergeLayerMoments(moments, await layerResponseMoments(model, x));
    } finally {
      x.dispose();
    }
    opts.onBatch?.(stdsOf(moments), end, total);
    await nextTask();
  }
  return stdsOf(moments);
}
