/**
 * Per-channel reductions for the wasm backend. Batch norm reduces [B, H, W, C] over its leading axes [0, 1, 2]
 * (tf.moments in the forward pass, the BN and bias gradients), and tfjs-wasm's Sum and Mean only reduce innermost
 * axes: they first transpose the whole activation to [C, B*H*W], which costs more than the sum itself. Here the same
 * sum is a matrix product, x as [N, C] transposed times a column of ones [N, 1] (N = B*H*W), which the wasm backend
 * runs without moving x; every other reduction (other axes, int32) goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';

interface ReduceAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/** The split of x's shape into leading reduced size N and trailing kept size C, or null when the axes are not leading. */
export function leadingSplit(shape: readonly number[], axis: number | number[]): { n: number; c: number } | null {
  const axes = tf.util.parseAxisParam(axis, [...shape]).sort((a, b) => a - b);
  const k = axes.length;
  if (k === 0 || k >= shape.length || axes.some((a, i) => a !== i)) return null;
  const n = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const c = shape.slice(k).reduce((a, b) => a * b, 1);
  return n > 0 && c > 0 ? { n, c } : null;
}

/** Sum of x [d0, ..., dk-1, rest...] over its first k axes as [C, 1] = x[N, C]^T . ones[N, 1] (float32 only). */
function leadingSum(x: tf.Tensor, n: number, c: number): tf.Tensor2D {
  return tf.matMul(tf.reshape(x, [n, c]) as tf.Tensor2D, tf.ones([n, 1]) as tf.Tensor2D, true, false);
}

/** Output shape of a reduction over the first k axes of `shape` (k = shape.length - rest), keeping dims or not. */
function outShape(shape: readonly number[], axis: number | number[], keepDims: boolean): number[] {
  const axes = new Set(tf.util.parseAxisParam(axis, [...shape]));
  return keepDims ? shape.map((d, i) => (axes.has(i) ? 1 : d)) : shape.filter((_, i) => !axes.has(i));
}

/**
 * A Sum or Mean kernel for `backendName` that reduces leading axes of float32 tensors by a matrix product and hands
 * everything else to `original` (the backend's own kernel).
 */
export function leadingReduceKernel(kernelName: typeof tf.Sum | typeof tf.Mean, backendName: string, original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName,
    backendName,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.Tensor;
      const { axis, keepDims } = args.attrs as unknown as ReduceAttrs;
      const split = x.dtype === 'float32' ? leadingSplit(x.shape, axis) : null;
      if (split == null) return original.kernelFunc(args);
      return tf.tidy(() => {
        const sum = leadingSum(x, split.n, split.c);
        // Divided, not multiplied by 1/N: the same rounding as the stock Mean kernel.
        const reduced = kernelName === tf.Mean ? tf.div(sum, tf.scalar(split.n)) : sum;
        return tf.reshape(reduced, outShape(x.shape, axis, keepDims));
      });
    },
  };
}

/**
 * tfjs-core's Mean gradient multiplies dy by a full-size tensor of ones and then divides the full-size product; the
 * value is dy / N at every position either way, so divide the small dy first: one full-size product instead of two.
 * (Broadcast by a product with ones, not tf.broadcastTo: tfjs-wasm's Tile is a scalar loop; cost in BENCHMARKS.md.)
 */
export const meanGradConfig: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as ReduceAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const reduceSize = axes.reduce((p, a) => p * x.shape[a]!, 1);
    return {
      x: () => {
        const expanded = outShape(x.shape, axis, true);
        const scaled = tf.div(tf.reshape(dy as tf.Tensor, expanded), tf.scalar(reduceSize));
        return tf.mul(scaled, tf.ones(x.shape));
      },
    };
  },
};
