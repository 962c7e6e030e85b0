/**
 * Kernels the project adds under names of its own. The model asks for them by name and never knows which backend
 * has them: a backend that can run one registers it (src/lib/backend/ registers them on wasm while the project's
 * WASM module is attached and switched on), and everywhere else the model composes the same math from tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Batch norm with batch statistics: inputs x [..., C], scale [C], offset [C]; attr varianceEpsilon; outputs [y, mean, variance]. */
export const BN_TRAIN = 'ResNetLabBatchNormTrain';
/** BN_TRAIN's gradient: inputs dy, x, scale, mean, variance (and dmean, dvar when those outputs are used); outputs [dx, dscale, doffset]. */
export const BN_TRAIN_GRAD = 'ResNetLabBatchNormTrainGrad';
/** ReLU's gradient in one pass: inputs dy, x; output dy where x > 0, else 0. */
export const RELU_GRAD = 'ResNetLabReluGrad';

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
