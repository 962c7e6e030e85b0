/**
 * Per-layer statistics for the labs: the paper's Figure 7 (std of every 3x3 layer's response after BN, before the
 * addition and the ReLU) and per-parameter gradient norms of the cross-entropy loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../train/step.ts';
import type { InspectableModel } from '../model/build.ts';
import type { BnInference } from '../../core/model/types.ts';
import { responseLayerIds } from '../../core/model/naming.ts';
import { combineMoments, momentsStd, type Moments } from '../../core/labs/moments.ts';

export interface LayerStd {
  /** Id of the BN layer after a 3x3 conv: 'stem.bn', 'stage1.block0.bn1', 'stage1.block0.bn2', ... in forward order. */
  readonly id: string;
  /** Layer depth counted in 3x3 conv layers, 1-based (the x axis of the paper's Figure 7). */
  readonly layer: number;
  /**
   * Standard deviation over all values of the response [B,H,W,C] (every image, position and channel together), not a
   * mean of per-channel stds: the paper plots one "std of layer responses" per layer and says no more.
   */
  readonly std: number;
}

/** The count, mean and sum of squared deviations of one layer's response, for merging batches (core/labs/moments.ts). */
export interface LayerMoments extends Moments {
  readonly id: string;
  readonly layer: number;
}

/** Ids of the responses Figure 7 plots: every BN that follows a 3x3 conv, in forward order. */
export function responseIds(model: InspectableModel): string[] {
  return responseLayerIds(model.blocks.map((b) => b.id));
}

/**
 * The moments of Figure 7's responses for input x [B,H,W,C] (BN at the model's inference setting unless `bn` is given),
 * one entry per response id in forward order. Merge batches with `mergeLayerMoments`.
 */
export async function layerResponseMoments(model: InspectableModel, x: tf.Tensor4D, opts: { bn?: BnInference } = {}): Promise<LayerMoments[]> {
  const ids = new Set(responseIds(model));
  const found: Array<{ id: string; size: number; stats: tf.Tensor1D }> = [];
  try {
    tf.tidy(() => {
      model.applyWithTap(x, { training: false, bn: opts.bn }, (id, t) => {
        if (!ids.has(id)) return;
        const { mean, variance } = tf.moments(t);
        found.push({ id, size: t.size, stats: tf.keep(tf.stack([mean, variance]) as tf.Tensor1D) });
      });
    });
    const stats = await Promise.all(found.map((f) => f.stats.data()));
    return found.map((f, i) => ({ id: f.id, layer: i + 1, count: f.size, mean: stats[i]![0]!, m2: stats[i]![1]! * f.size }));
  } finally {
    for (const f of found) f.stats.dispose();
  }
}

/** Layer-by-layer union of two lists of moments of the same model's responses (batches of one set of images). */
export function mergeLayerMoments(a: readonly LayerMoments[], b: readonly LayerMoments[]): LayerMoments[] {
  if (a.length === 0) return [...b];
  if (a.length !== b.length || a.some((m, i) => m.id !== b[i]!.id)) throw new Error('mergeLayerMoments needs moments of the same layers, in the same order.');
  return a.map((m, i) => ({ id: m.id, layer: m.layer, ...combineMoments(m, b[i]!) }));
}

/** The standard deviation of each layer's response from its moments. */
export function stdsOf(moments: readonly LayerMoments[]): LayerStd[] {
  return moments.map((m) => ({ id: m.id, layer: m.layer, std: momentsStd(m) }));
}

/** Figure 7's per-layer response std for input x [B,H,W,C] (BN at the model's inference setting unless `bn` is given). */
export async function layerResponseStds(model: InspectableModel, x: tf.Tensor4D, opts: { bn?: BnInference } = {}): Promise<LayerStd[]> {
  return stdsOf(await layerResponseMoments(model, x, opts));
}

export interface GradientNorm {
  /** Parameter id, e.g. 'stage2.block0.conv1.weight', or for a block input the block id, e.g. 'stage2.block0'. */
  readonly id: string;
  /** L2 norm of d(loss)/d(parameter), or of d(loss)/d(block input) over the whole batch. */
  readonly norm: number;
}

export interface GradientNorms {
  /** Mean cross-entropy of the batch. */
  readonly loss: number;
  /** ||dL/dW|| of every trainable parameter, in forward order. */
  readonly norms: GradientNorm[];
  /** ||dL/dx|| at the input x of every block (the tensor both the branch and the shortcut read), in forward order. */
  readonly inputs: GradientNorm[];
}

/** Shapes [B,H,W,C] of every block's input x for a batch of b images, in forward order. */
export function blockInputShapes(model: InspectableModel, b: number): Array<[number, number, number, number]> {
  let size = model.config.inputSize;
  return model.blocks.map((plan) => {
    const shape: [number, number, number, number] = [b, size, size, plan.inChannels];
    size /= plan.stride;
    return shape;
  });
}

/**
 * The gradient norm of every trainable parameter and of every block input, and the loss, for a batch x [B,H,W,C]
 * with labels [B]. BN normalises with the batch's statistics as in training (default 'batch') but running statistics
 * are not updated. dL/dx at a block input is the gradient of a zero-valued variable added to that input (same values,
 * so the same forward pass), taken in the same backward pass as the weights' gradients.
 */
export async function gradientNorms(model: InspectableModel, x: tf.Tensor4D, labels: ArrayLike<number>, opts: { bn?: BnInference } = {}): Promise<GradientNorms> {
  if (labels.length !== x.shape[0]) throw new Error(`gradientNorms needs one label per image: ${x.shape[0]} images, ${labels.length} labels.`);
  const ids = [...model.params.keys()];
  const probes = blockInputShapes(model, x.shape[0]).map((shape) => tf.tidy(() => tf.variable(tf.zeros(shape), true)));
  const probeOf = new Map(model.blocks.map((b, i) => [b.id, probes[i]!] as const));
  let loss: tf.Scalar | undefined;
  let norms: tf.Tensor1D | undefined;
  try {
    [loss, norms] = tf.tidy(() => {
      const y = tf.tensor1d(Array.from(labels), 'int32');
      const vars = [...ids.map((id) => model.params.get(id)!), ...probes];
      const inject = (id: string, input: tf.Tensor4D) => tf.add(input, probeOf.get(id)!) as tf.Tensor4D;
      const f = () => crossEntropy(model.applyWithTap(x, { training: false, bn: opts.bn ?? 'batch' }, () => undefined, inject), y);
      const { value, grads } = tf.variableGrads(f, vars);
      return [value, tf.stack(vars.map((v) => tf.norm(grads[v.name]!))) as tf.Tensor1D];
    });
    const [l, n] = await Promise.all([loss.data(), norms.data()]);
    return {
      loss: l[0]!,
      norms: ids.map((id, i) => ({ id, norm: n[i]! })),
      inputs: model.blocks.map((b, i) => ({ id: b.id, norm: n[ids.length + i]! })),
    };
  } finally {
    loss?.dispose();
    norms?.dispose();
    for (const p of probes) p.dispose();
  }
}
