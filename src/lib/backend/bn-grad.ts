/**
 * The FusedBatchNorm gradient without tfjs-core's full-size Tile: core multiplies dy by rsqrt(var + eps) tiled to
 * x's whole shape ([B, H, W, C]) before multiplying, which costs an extra tensor the size of the activations per BN
 * layer. Broadcasting does the same arithmetic. The other partial derivatives are core's formulas, kept as they are
 * so that gradients through `mean` and `variance` (when they come from tf.moments of x) stay exact; per-channel factors
 * are applied after the sums over [B, H, W] rather than before (same value, a fraction of the work).
 */
import * as tf from '@tensorflow/tfjs-core';

interface BnAttrs {
  varianceEpsilon: number;
}

/** Axes of x (rank r) that a per-channel statistic of shape `statShape` is broadcast over. */
function reductionAxes(statShape: number[], xShape: number[]): number[] {
  return tf.broadcast_util.getReductionAxes(statShape, xShape);
}

/** Sums `t` over the broadcast axes and reshapes it to the statistic's shape. */
function reduceTo(t: tf.Tensor, statShape: number[], axes: number[]): tf.Tensor {
  return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, statShape);
}

export const batchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as BnAttrs;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const g = dy as tf.Tensor;
    const axes = reductionAxes(mean.shape, x.shape);
    const invStd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    // Per-channel factor scale / sqrt(var + eps): broadcast against [B, H, W, C], never tiled.
    const factor = scale == null ? invStd : tf.mul(invStd, scale);
    // Per-channel factors move outside the sums, so each full-size product is formed once and shared. Computed here,
    // not inside the thunks: the engine runs each thunk in its own tidy, which would dispose a shared cache.
    const sumDyTimesCentred = reduceTo(tf.mul(g, tf.sub(x, mean)), mean.shape, axes);
    const sumDy = reduceTo(g, mean.shape, axes);
    return {
      x: () => tf.reshape(tf.mul(g, factor), x.shape),
      mean: () => tf.reshape(tf.neg(tf.mul(sumDy, factor)), mean.shape),
      variance: () => {
        const minusHalfInvStd3 = tf.mul(tf.pow(invStd, tf.scalar(3)), tf.scalar(-0.5));
        const perChannel = scale == null ? minusHalfInvStd3 : tf.mul(minusHalfInvStd3, scale);
        return tf.reshape(tf.mul(sumDyTimesCentred, perChannel), mean.shape);
      },
      scale: () => tf.reshape(tf.mul(sumDyTimesCentred, invStd), mean.shape),
      offset: () => sumDy,
    };
  },
};
