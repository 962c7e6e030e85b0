/**
 * Convolution and its two gradients through the native module (native/assembly/conv.ts, filter-grad.ts), float32
 * NHWC at dilation 1, for the geometry tfjs computes (backend_util.computeConv2DInfo).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeRuntime } from './runtime.ts';

/** Pieces the weight gradient is summed in: fixed, so the result does not depend on the thread count; divides 1-4, 6. */
export const FILTER_GRAD_CHUNKS = 12;

type Info = tf.backend_util.Conv2DInfo;

function geometry(info: Info): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  ];
}

/** Per-thread tap tables and a block of zeros as long as the widest pixel: padding reads it. */
function tablesAndZero(rt: NativeRuntime, info: Info): [number, number] {
  const tables = rt.block('tap-tables', rt.threads * rt.fns.scratchBytes(info.filterHeight, info.filterWidth));
  const zero = rt.block('zero', 4 * Math.max(info.inChannels, info.outChannels), true);
  return [zero, tables];
}

export function conv2d(rt: NativeRuntime, x: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
  const out = rt.output(info.outShape);
  if (tf.util.sizeFromShape(info.outShape) === 0) return out;
  rt.run('conv2d', [rt.addr(x), rt.addr(filter), rt.addr(out), ...geometry(info), ...tablesAndZero(rt, info)]);
  return out;
}

export function conv2dInputGrad(rt: NativeRuntime, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
  const dx = rt.output(info.inShape);
  if (tf.util.sizeFromShape(info.inShape) === 0) return dx;
  const taps = info.filterHeight * info.filterWidth;
  const wT = rt.block('filter-t', 4 * taps * info.inChannels * info.outChannels);
  rt.fns.transposeFilter(rt.addr(filter), wT, taps, info.inChannels, info.outChannels, 0);
  rt.run('conv2dInputGrad', [rt.addr(dy), wT, rt.addr(dx), ...geometry(info), ...tablesAndZero(rt, info)]);
  return dx;
}

export function conv2dFilterGrad(rt: NativeRuntime, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo {
  const shape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  const out = rt.output(shape);
  const size = tf.util.sizeFromShape(shape);
  const chunks = Math.max(1, Math.min(FILTER_GRAD_CHUNKS, info.batchSize * info.outHeight));
  const partial = chunks === 1 ? rt.addr(out) : rt.block('partial', 4 * size * chunks);
  rt.run('conv2dFilterGrad', [rt.addr(x), rt.addr(dy), partial, ...geometry(info), chunks]);
  if (chunks > 1) rt.run('sumChunks', [partial, rt.addr(out), size, chunks]);
  return out;
}
