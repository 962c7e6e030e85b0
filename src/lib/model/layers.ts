/**
 * The network's building blocks as functions of tensors and variables (NHWC). Each matches its PyTorch counterpart,
 * so weights trained in PyTorch give the same logits here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BN_RELU_TRAIN, BN_RUNNING, BN_TRAIN, runIfRegistered } from '../kernels.ts';

import { BN_EPSILON, BN_MOMENTUM } from '../../core/model/batch-norm.ts';

export { BN_EPSILON, BN_MOMENTUM };

/** How a BN layer normalises in one call: 'train' = batch statistics + running update; 'batch' = batch statistics only. */
export type BnMode = 'train' | 'batch' | 'running';

export interface BnVariables {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVar: tf.Variable;
}

/** 2-D convolution of x [B,H,W,Cin] with w [k,k,Cin,Cout] and symmetric zero padding `pad` (PyTorch's `padding`). */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  // Explicit padding, not 'same': TF's 'same' pads stride-2 convs on the bottom/right only, PyTorch pads both sides.
  const padding = pad === 0 ? 'valid' : [[0, 0], [pad, pad], [pad, pad], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
  return tf.conv2d(x, w, stride, padding);
}

/**
 * BatchNorm over the channel axis of x [B,H,W,C]. In 'train' mode it also moves the running mean and the running
 * UNBIASED variance towards the batch's (momentum 0.1), as PyTorch does; normalising always uses the biased variance.
 */
export function batchNorm(x: tf.Tensor4D, v: BnVariables, mode: BnMode): tf.Tensor4D {
  const [gamma, beta] = [v.gamma as tf.Tensor as tf.Tensor1D, v.beta as tf.Tensor as tf.Tensor1D];
  if (mode === 'running') {
    return tf.batchNorm4d(x, v.runningMean as tf.Tensor as tf.Tensor1D, v.runningVar as tf.Tensor as tf.Tensor1D, beta, gamma, BN_EPSILON);
  }
  // Where the backend registers BN_TRAIN (wasm with the project's module): one kernel for the statistics and the
  // normalisation, one for its gradient.
  const fused = batchNormTrainFused(x, gamma, beta, BN_EPSILON);
  const { mean, variance } = fused ? { mean: fused[1], variance: fused[2] } : tf.moments(x, [0, 1, 2]);
  if (mode === 'train') updateRunningStats(v, mean, variance, x.shape[0] * x.shape[1] * x.shape[2]);
  if (fused) return fused[0] as tf.Tensor4D;
  return tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, BN_EPSILON);
}

/**
 * ReLU(batchNorm(x) + residual) (no residual: ReLU(batchNorm(x))), the end of a block or the stem. In a training mode,
 * where the backend registers BN_RELU_TRAIN (wasm with the project's module), one kernel does it all in BN's passes
 * and its gradient takes ReLU's in the same passes; elsewhere the same math from tfjs ops.
 */
export function batchNormRelu(x: tf.Tensor4D, v: BnVariables, mode: BnMode, residual: tf.Tensor4D | null = null): tf.Tensor4D {
  if (mode !== 'running' && x.dtype === 'float32' && (residual === null || residual.dtype === 'float32')) {
    const inputs: tf.NamedTensorMap = { x, scale: v.gamma, offset: v.beta };
    if (residual !== null) inputs['residual'] = residual;
    const fused = runIfRegistered(BN_RELU_TRAIN, inputs, { varianceEpsilon: BN_EPSILON, residual: residual !== null });
    if (fused) {
      if (mode === 'train') updateRunningStats(v, fused[1]!, fused[2]!, x.shape[0] * x.shape[1] * x.shape[2]);
      return fused[0] as tf.Tensor4D;
    }
  }
  const y = batchNorm(x, v, mode);
  return tf.relu(residual === null ? y : tf.add(y, residual));
}

/**
 * Batch norm of x [..., C] with batch statistics through the BN_TRAIN kernel, where the active backend registers it:
 * [y, mean, variance]; null elsewhere (the caller composes tf.moments + tf.batchNorm, the same math).
 */
export function batchNormTrainFused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): [tf.Tensor, tf.Tensor, tf.Tensor] | null {
  if (x.dtype !== 'float32') return null;
  return runIfRegistered(BN_TRAIN, { x, scale: gamma, offset: beta }, { varianceEpsilon: eps }) as [tf.Tensor, tf.Tensor, tf.Tensor] | null;
}

function updateRunningStats(v: BnVariables, mean: tf.Tensor, variance: tf.Tensor, count: number): void {
  if (count < 2) throw new Error('BatchNorm in training mode needs more than one value per channel (batch of 1 with a 1x1 map).');
  tf.tidy(() => {
    // One kernel where the backend registers it (wasm with the module): the composed update below is 7 ops, each
    // recorded on the gradient tape with copies of its inputs, which cost more than the arithmetic in small nets.
    const fused = runIfRegistered(BN_RUNNING, { runningMean: v.runningMean, runningVar: v.runningVar, mean, variance }, { momentum: BN_MOMENTUM, count });
    if (fused) {
      v.runningMean.assign(fused[0]!);
      v.runningVar.assign(fused[1]!);
      return;
    }
    const m = tf.scalar(BN_MOMENTUM);
    const keep = tf.scalar(1 - BN_MOMENTUM);
    const unbiased = tf.mul(variance, count / (count - 1));
    v.runningMean.assign(tf.add(tf.mul(v.runningMean, keep), tf.mul(mean, m)));
    v.runningVar.assign(tf.add(tf.mul(v.runningVar, keep), tf.mul(unbiased, m)));
  });
}

/** Option A shortcut: x [B,H,W,Cin] subsampled by 2 (x[:, ::2, ::2, :]) and zero-padded to cout channels at the end. */
export function zeroPadShortcut(x: tf.Tensor4D, stride: number, cout: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  let sub = x;
  if (stride === 2) {
    // Reshape + slice rather than stridedSlice, which has no gradient in tfjs 4.22: [B*H/2, 2, W/2, 2C] keeps the
    // even rows at index 0 of axis 1 and the even columns in the first C entries of axis 3.
    const pairs = tf.reshape(x, [b * (h / 2), 2, w / 2, 2 * c]);
    sub = tf.reshape(tf.slice(pairs, [0, 0, 0, 0], [b * (h / 2), 1, w / 2, c]), [b, h / 2, w / 2, c]);
  } else if (stride !== 1) {
    throw new Error(`Zero-padding shortcuts support stride 1 or 2, got ${stride}.`);
  }
  return cout === c ? sub : tf.pad(sub, [[0, 0], [0, 0], [0, 0], [0, cout - c]]);
}

/** Global average pool [B,H,W,C] -> [B,C] followed by the dense layer w [C,K], b [K] -> logits [B,K]. */
export function poolAndDense(x: tf.Tensor4D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(tf.mean(x, [1, 2]) as tf.Tensor2D, w), b);
}
