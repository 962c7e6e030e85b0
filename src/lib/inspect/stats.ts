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
