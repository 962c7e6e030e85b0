/**
 * Per-layer statistics for the labs: the paper's Figure 7 (std of every 3x3 layer's response after BN, before the
 * addition and the ReLU) and per-parameter gradient norms of the cross-entropy loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../train/step.ts';
import type { InspectableModel } from '../model/build.ts';
import type { BnInference } from '../../core/model/types.ts';

export interface LayerStd {
  /** Id of the BN layer after a 3x3 conv: 'stem.bn', 'stage1.block0.bn1', 'stage1.block0.bn2', ... in forward order. */
  readonly id: string;
  /** Layer depth counted in 3x3 conv layers, 1-based (the x axis of the paper's Figure 7). */
  readonly layer: number;
  /** Standard deviation over all values of the response [B,H,W,C]. */
  readonly std: number;
}

/** Ids of the responses Figure 7 plots: every BN that follows a 3x3 conv, in forward order. */
export function responseIds(model: InspectableModel): string[] {
  return ['stem.bn', ...model.blocks.flatMap((b) => [`${b.id}.bn1`, `${b.id}.bn2`])];
}

/** Figure 7's per-layer response std for input x [B,H,W,C] (BN at the model's inference setting unless `bn` is given). */
export async function layerResponseStds(model: InspectableModel, x: tf.Tensor4D, opts: { bn?: BnInference } = {}): Promise<LayerStd[]> {
  const ids = new Set(responseIds(model));
  const found: Array<{ id: string; std: tf.Scalar }> = [];
  try {
    tf.tidy(() => {
      model.applyWithTap(x, { training: false, bn: opts.bn }, (id, t) => {
        if (ids.has(id)) found.push({ id, std: tf.keep(tf.sqrt(tf.moments(t).variance) as tf.Scalar) });
      });
    });
    const stds = await Promise.all(found.map((f) => f.std.data()));
    return found.map((f, i) => ({ id: f.id, layer: i + 1, std: stds[i]![0]! }));
  } finally {
    for (const f of found) f.std.dispose();
  }
}

export interface GradientNorm {
  /** Parameter id, e.g. 'stage2.block0.conv1.weight'. */
  readonly id: string;
  /** L2 norm of d(loss)/d(parameter). */
  readonly norm: number;
}

/**
 * The gradient norm of every trainable parameter, in forward order, and the loss, for a batch x [B,H,W,C] with labels [B].
 * BN normalises with the batch's statistics as in training (default 'batch') but running statistics are not updated.
 */
export async function gradientNorms(model: InspectableModel, x: tf.Tensor4D, labels: ArrayLike<number>, opts: { bn?: BnInference } = {}): Promise<{ loss: number; norms: GradientNorm[] }> {
  if (labels.length !== x.shape[0]) throw new Error(`gradientNorms needs one label per image: ${x.shape[0]} images, ${labels.length} labels.`);
  const ids = [...model.params.keys()];
  let loss: tf.Scalar | undefined;
  let norms: tf.Tensor1D | undefined;
  try {
    [loss, norms] = tf.tidy(() => {
      const y = tf.tensor1d(Array.from(labels), 'int32');
      const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training: false, bn: opts.bn ?? 'batch' }), y), ids.map((id) => model.params.get(id)!));
      return [value, tf.stack(ids.map((id) => tf.norm(grads[model.params.get(id)!.name]!))) as tf.Tensor1D];
    });
    const [l, n] = await Promise.all([loss.data(), norms.data()]);
    return { loss: l[0]!, norms: ids.map((id, i) => ({ id, norm: n[i]! })) };
  } finally {
    loss?.dispose();
    norms?.dispose();
  }
}
