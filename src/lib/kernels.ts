/**
 * Kernels the project adds under names of its own. The model asks for them by name and never knows which backend
 * has them: a backend that can run one registers it (src/lib/backend/ registers them on wasm while the project's
 * WASM module is attached and switched on), and everywhere else the model composes the same math from tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Batch norm with batch statistics: inputs x [..., C], scale [C], offset [C]; attr varianceEpsilon; outputs [y, mean, variance]. */
export const BN_TRAIN = 'ResNetLabBatchNormTrain';
/**
 * BN_TRAIN followed by a block's end, in one kernel: inputs x, scale, offset and, if attr residual is true, residual
 * (x's shape); attr varianceEpsilon; outputs [max(0, bn(x) + residual), mean, variance] (no residual: max(0, bn(x))).
 */
export const BN_RELU_TRAIN = 'ResNetLabBatchNormReluTrain';
/**
 * BN_TRAIN's gradient: inputs dy, x, scale, mean, variance (and dmean, dvar when those outputs are used; mask, the
 * output of BN_RELU_TRAIN, to take dy only where mask > 0); outputs [dx, dscale, doffset].
 */
export const BN_TRAIN_GRAD = 'ResNetLabBatchNormTrainGrad';
/**
 * BatchNorm's running-statistics update in one kernel (no gradient): inputs runningMean, runningVar, mean, variance [C];
 * attrs momentum, count; outputs [runningMean * (1 - momentum) + mean * momentum, runningVar * (1 - momentum) +
 * variance * count / (count - 1) * momentum], each product and sum rounded to float32 as the composed ops do.
 */
export const BN_RUNNING = 'ResNetLabBatchNormRunning';
/** ReLU's gradient in one pass: inputs dy, x; output dy where x > 0, else 0. */
export const RELU_GRAD = 'ResNetLabReluGrad';

/** Tensors t0, t1, ... (float32, any shapes) flattened and concatenated in that order: one [total] vector. */
export const FLATTEN = 'ResNetLabFlatten';
/**
 * Inputs delta [total] and t0, t1, ... (float32): outputs t_i - delta[o_i, o_i + size_i), each in t_i's shape, where
 * o_i is the sum of the sizes before t_i (an optimizer's flat update applied to every parameter in one kernel).
 */
export const SUBTRACT_SLICES = 'ResNetLabSubtractSlices';

/** The inputs t0, t1, ... of FLATTEN and SUBTRACT_SLICES. */
export function numbered(tensors: readonly tf.Tensor[]): tf.NamedTensorMap {
  return Object.fromEntries(tensors.map((t, i) => [`t${i}`, t]));
}

/** Whether the active backend registers kernel `name`. */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}

/** Runs kernel `name` on the active backend and returns its outputs, or null where that backend does not register it. */
export function runIfRegistered(name: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown> = {}): tf.Tensor[] | null {
  if (!hasKernel(name)) return null;
  const out = tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap);
  return Array.isArray(out) ? out : [out as tf.Tensor];
}
