/**
 * Batch norm in training mode (batch statistics) as two kernels of the project's own, so that a BN layer costs a few
 * passes over its activation instead of the ~20 that tf.moments + FusedBatchNorm and their gradients make on wasm:
 *   forward: mean and variance in one pass (sums about a shift), then y = (x - mean) * gamma / sqrt(var + eps) + beta;
 *   backward: sums of dy and dy * (x - mean) (one pass), then dx as one per-channel affine map of dy and x.
 * A block's end (the residual addition and the ReLU after a BN) can be fused into the forward's last pass, and ReLU's
 * gradient into the backward's two.
 * Channel sums are taken in fixed chunks added up in order, so results do not depend on the thread count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SUM_CHUNKS, type NativeRuntime } from './runtime.ts';

interface Dims {
  n: number;
  c: number;
  chunks: number;
}

function dims(shape: number[]): Dims {
  const c = shape[shape.length - 1] ?? 1;
  const n = tf.util.sizeFromShape(shape) / c;
  return { n, c, chunks: Math.max(1, Math.min(SUM_CHUNKS, n)) };
}

/** Adds up `chunks` partial rows of `width` floats in order (float64, then rounded once). */
function addChunks(rt: NativeRuntime, partial: number, d: Dims, width: number, offset: number): Float64Array {
  const p = rt.floats(partial, d.chunks * width);
  const out = new Float64Array(d.c);
  for (let k = 0; k < d.chunks; k++) for (let ch = 0; ch < d.c; ch++) out[ch]! += p[k * width + offset + ch]!;
  return out;
}

/**
 * [y, mean, variance] of x [..., C] with scale (gamma) and offset (beta) [C]; with `end` (a block's end fused into
 * the same pass), y = max(0, bn(x) + residual) (no residual: max(0, bn(x))).
 */
export function batchNormTrain(
  rt: NativeRuntime, x: tf.TensorInfo, scale: tf.TensorInfo, offset: tf.TensorInfo, eps: number,
  end: { relu: boolean; residual: tf.TensorInfo | null } = { relu: false, residual: null },
): tf.TensorInfo[] {
  const d = dims(x.shape);
  const y = rt.output(x.shape);
  const mean = rt.output([d.c]);
  const variance = rt.output([d.c]);
  const coef = rt.block('bn-coef', 4 * 4 * d.c);
  const partial = rt.block('bn-partial', 4 * 2 * d.c * d.chunks);
  rt.run('shiftedSums', [rt.addr(x), d.n, d.c, partial, d.chunks]);
  const s1 = addChunks(rt, partial, d, 2 * d.c, 0);
  const s2 = addChunks(rt, partial, d, 2 * d.c, d.c);
  const shift = rt.floats(rt.addr(x), d.c);
  // In float64 from the chunks' float32 sums: mean = K + E[x - K], variance = E[(x - K)^2] - E[x - K]^2 (>= 0).
  rt.floats(rt.addr(mean), d.c).set(s1.map((s, ch) => shift[ch]! + s / d.n));
  rt.floats(rt.addr(variance), d.c).set(s2.map((s, ch) => Math.max(0, s / d.n - (s1[ch]! / d.n) ** 2)));
  const v = rt.floats(rt.addr(variance), d.c);
  const g = rt.floats(rt.addr(scale), d.c);
  const mul = rt.floats(coef, d.c);
  for (let ch = 0; ch < d.c; ch++) mul[ch] = g[ch]! / Math.sqrt(v[ch]! + eps);
  const res = end.residual ? rt.addr(end.residual) : 0;
  rt.run('channelAffine', [rt.addr(x), rt.addr(y), d.n, d.c, rt.addr(mean), coef, rt.addr(offset), res, end.relu ? 1 : 0]);
  return [y, mean, variance];
}

/**
 * [dx, dscale, doffset] for batchNormTrain, from dy and the gradients reaching its mean and variance outputs (null:
 * none); with `mask` (the output of a fused ReLU), dy counts only where mask > 0 (ReLU's gradient in the same passes). dx = gamma s (dy - S1 / n - (x - m) s^2 T / n) + dmean / n + 2 dvar (x - m) / n, with s = 1 / sqrt(var + eps),
 * S1 = sum dy, T = sum dy (x - m); dscale = s T, doffset = S1.
 */
export function batchNormTrainGrad(
  rt: NativeRuntime, dy: tf.TensorInfo, x: tf.TensorInfo, scale: tf.TensorInfo, mean: tf.TensorInfo, variance: tf.TensorInfo,
  dmean: tf.TensorInfo | null, dvar: tf.TensorInfo | null, eps: number, mask: tf.TensorInfo | null = null,
): tf.TensorInfo[] {
  const m = mask ? rt.addr(mask) : 0;
  const d = dims(x.shape);
  const dx = rt.output(x.shape);
  const dscale = rt.output([d.c]);
  const doffset = rt.output([d.c]);
  const partial = rt.block('bn-partial', 4 * 2 * d.c * d.chunks);
  rt.run('gradSums', [rt.addr(dy), m, rt.addr(x), rt.addr(mean), d.n, d.c, partial, d.chunks]);
  const s1 = addChunks(rt, partial, d, 2 * d.c, 0);
  const t = addChunks(rt, partial, d, 2 * d.c, d.c);
  const coef = rt.block('bn-coef', 4 * 4 * d.c);
  const [p, q, r] = [rt.floats(coef, d.c), rt.floats(coef + 4 * d.c, d.c), rt.floats(coef + 8 * d.c, d.c)];
  const g = rt.floats(rt.addr(scale), d.c);
  const v = rt.floats(rt.addr(variance), d.c);
  const gm = dmean ? rt.floats(rt.addr(dmean), d.c) : null;
  const gv = dvar ? rt.floats(rt.addr(dvar), d.c) : null;
  const ds = rt.floats(rt.addr(dscale), d.c);
  const db = rt.floats(rt.addr(doffset), d.c);
  for (let ch = 0; ch < d.c; ch++) {
    const s = 1 / Math.sqrt(v[ch]! + eps);
    const gs = g[ch]! * s;
    p[ch] = gs;
    q[ch] = (-gs * s * s * t[ch]! + 2 * (gv?.[ch] ?? 0)) / d.n;
    r[ch] = (-gs * s1[ch]! + (gm?.[ch] ?? 0)) / d.n;
    ds[ch] = s * t[ch]!;
    db[ch] = s1[ch]!;
  }
  rt.run('channelAffine2', [rt.addr(dy), m, rt.addr(x), rt.addr(dx), d.n, d.c, coef, rt.addr(mean), coef + 4 * d.c, coef + 8 * d.c]);
  return [dx, dscale, doffset];
}

/**
 * y = (x - mean) * scale / sqrt(variance + eps) + offset with given per-channel statistics (BN in inference mode): one
 * pass, faster than tfjs-wasm's FusedBatchNorm (BENCHMARKS.md, "The project's own WASM module"). Null scale/offset: 1 and 0.
 */
export function batchNormInference(
  rt: NativeRuntime, x: tf.TensorInfo, mean: tf.TensorInfo, variance: tf.TensorInfo,
  scale: tf.TensorInfo | null, offset: tf.TensorInfo | null, eps: number,
): tf.TensorInfo {
  const d = dims(x.shape);
  const y = rt.output(x.shape);
  const coef = rt.block('bn-coef', 4 * 4 * d.c);
  const [mul, add] = [rt.floats(coef, d.c), rt.floats(coef + 4 * d.c, d.c)];
  const v = rt.floats(rt.addr(variance), d.c);
  const g = scale ? rt.floats(rt.addr(scale), d.c) : null;
  const b = offset ? rt.floats(rt.addr(offset), d.c) : null;
  for (let ch = 0; ch < d.c; ch++) {
    mul[ch] = (g?.[ch] ?? 1) / Math.sqrt(v[ch]! + eps);
    add[ch] = b?.[ch] ?? 0;
  }
  rt.run('channelAffine', [rt.addr(x), rt.addr(y), d.n, d.c, rt.addr(mean), coef, coef + 4 * d.c, 0, 0]);
  return y;
}

/**
 * [runningMean', runningVar'] = running * (1 - momentum) + batch statistic * momentum (the variance made unbiased by
 * count / (count - 1)), with every product and sum rounded to float32 in the order of the composed update
 * (src/lib/model/layers.ts), so both give the same bits. Vectors of C floats: plain JavaScript on the heap.
 */
export function batchNormRunning(
  rt: NativeRuntime, runningMean: tf.TensorInfo, runningVar: tf.TensorInfo, mean: tf.TensorInfo, variance: tf.TensorInfo,
  momentum: number, count: number,
): tf.TensorInfo[] {
  const c = tf.util.sizeFromShape(mean.shape);
  const outMean = rt.output(runningMean.shape);
  const outVar = rt.output(runningVar.shape);
  const f = Math.fround;
  const [m, keep, unbias] = [f(momentum), f(1 - momentum), f(count / (count - 1))];
  const [rm, rv, bm, bv] = [runningMean, runningVar, mean, variance].map((t) => rt.floats(rt.addr(t), c)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const [om, ov] = [rt.floats(rt.addr(outMean), c), rt.floats(rt.addr(outVar), c)];
  for (let ch = 0; ch < c; ch++) {
    om[ch] = f(rm[ch]! * keep) + f(bm[ch]! * m);
    ov[ch] = f(rv[ch]! * keep) + f(f(bv[ch]! * unbias) * m);
  }
  return [outMean, outVar];
}
