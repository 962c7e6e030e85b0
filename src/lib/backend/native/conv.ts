/**
 * Convolution and its two gradients through the native module (native/assembly/conv.ts, filter-grad.ts), float32
 * NHWC at dilation 1, for the geometry tfjs computes (backend_util.computeConv2DInfo).
 */
import * as tf from '@tensorflow/tfjs-core';
import { SUM_CHUNKS, type NativeRuntime } from './runtime.ts';

type Info = tf.backend_util.Conv2DInfo;

/** Switches for comparisons (tests, benchmarks): winograd false keeps every convolution on the direct kernels. */
export const convOptions = { winograd: true };

/**
 * Below this many channels on either side the direct kernels are as fast: the transforms cost about what the products
 * save. With the interior fast path of winograd.ts Winograd wins from 16 channels on, in the forward and both
 * gradients (timings: BENCHMARKS.md, "The project's own WASM module", Winograd).
 */
const WINOGRAD_MIN_CHANNELS = 16;

/**
 * Below this image size (height or width) every 2x2 tile touches the padding and takes winograd.ts's slow border path:
 * at 4x4 (the degradation race's last stage) Winograd's weight gradient took 3x the direct kernel's time, the forward
 * and input gradient 1.5x (BENCHMARKS.md, "Fewer, fused kernels").
 */
const WINOGRAD_MIN_SIZE = 8;

/**
 * Whether Winograd F(2x2, 3x3) applies (native/assembly/winograd.ts, winograd-grad.ts; forward, input and weight
 * gradients): 3x3, stride 1, padding 1 on every side (output the input's size), channel counts multiples of 4. It does
 * 16 products per 2x2 outputs where the direct kernels do 36.
 */
function winogradFits(info: Info): boolean {
  if (Math.min(info.inChannels, info.outChannels) < WINOGRAD_MIN_CHANNELS) return false;
  if (Math.min(info.inHeight, info.inWidth) < WINOGRAD_MIN_SIZE) return false;
  return convOptions.winograd && info.filterHeight === 3 && info.filterWidth === 3 && info.strideHeight === 1 &&
    info.strideWidth === 1 && info.padInfo.top === 1 && info.padInfo.left === 1 && info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth && info.inChannels % 4 === 0 && info.outChannels % 4 === 0;
}

/** out = the 3x3 'same' convolution of src by filter (forward), or by the flipped, transposed filter (input gradient). */
function winograd(rt: NativeRuntime, src: tf.TensorInfo, filter: tf.TensorInfo, out: tf.TensorInfo, info: Info, flipped: boolean): void {
  const [k, n] = flipped ? [info.outChannels, info.inChannels] : [info.inChannels, info.outChannels];
  const u = rt.block('winograd-filter', 4 * 16 * k * n);
  const scratch = rt.block('winograd', rt.threads * rt.fns.winogradScratchBytes(info.inWidth, k, n));
  const zero = zeroes(rt, info);
  rt.fns.winogradFilter(rt.addr(filter), u, k, n, flipped ? 1 : 0);
  rt.run('winograd3x3', [rt.addr(src), u, rt.addr(out), info.batchSize, info.inHeight, info.inWidth, k, n, zero, scratch]);
}

function geometry(info: Info): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  ];
}

/** A block of zeros as long as the widest pixel: padding, and pixels past a row's end, read it. */
function zeroes(rt: NativeRuntime, info: Info): number {
  return rt.block('zero', 4 * Math.max(info.inChannels, info.outChannels), true);
}

/** The block of zeros and the per-thread tap tables, as the direct kernels take them. */
function tablesAndZero(rt: NativeRuntime, info: Info): [number, number] {
  const tables = rt.block('tap-tables', rt.threads * rt.fns.scratchBytes(info.filterHeight, info.filterWidth));
  return [zeroes(rt, info), tables];
}

export function conv2d(rt: NativeRuntime, x: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
  const out = rt.output(info.outShape);
  if (tf.util.sizeFromShape(info.outShape) === 0) return out;
  if (winogradFits(info)) {
    winograd(rt, x, filter, out, info, false);
    return out;
  }
  rt.run('conv2d', [rt.addr(x), rt.addr(filter), rt.addr(out), ...geometry(info), ...tablesAndZero(rt, info)]);
  return out;
}

export function conv2dInputGrad(rt: NativeRuntime, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
  const dx = rt.output(info.inShape);
  if (tf.util.sizeFromShape(info.inShape) === 0) return dx;
  if (winogradFits(info)) {
    winograd(rt, dy, filter, dx, info, true);
    return dx;
  }
  const taps = info.filterHeight * info.filterWidth;
  const wT = rt.block('filter-t', 4 * taps * info.inChannels * info.outChannels);
  rt.fns.transposeFilter(rt.addr(filter), wT, taps, info.inChannels, info.outChannels);
  rt.run('conv2dInputGrad', [rt.addr(dy), wT, rt.addr(dx), ...geometry(info), ...tablesAndZero(rt, info)]);
  return dx;
}

function winogradFilterGrad(rt: NativeRuntime, x: tf.TensorInfo, dy: tf.TensorInfo, out: tf.TensorInfo, info: Info): void {
  const { batchSize: b, inHeight: h, inWidth: w, inChannels: k, outChannels: n } = info;
  const chunks = Math.min(SUM_CHUNKS, b);
  const partial = rt.block('partial', 4 * 16 * k * n * chunks);
  const scratch = rt.block('winograd', rt.threads * rt.fns.winogradGradScratchBytes(w, k, n));
  rt.run('winogradFilterGrad', [rt.addr(x), rt.addr(dy), partial, b, h, w, k, n, chunks, scratch]);
  rt.run('winogradFilterGradFinish', [partial, chunks, rt.addr(out), k, n]);
}

export function conv2dFilterGrad(rt: NativeRuntime, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo {
  const shape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  const out = rt.output(shape);
  if (info.batchSize > 0 && winogradFits(info)) {
    winogradFilterGrad(rt, x, dy, out, info);
    return out;
  }
  const size = tf.util.sizeFromShape(shape);
  const chunks = Math.max(1, Math.min(SUM_CHUNKS, info.batchSize * info.outHeight));
  const partial = chunks === 1 ? rt.addr(out) : rt.block('partial', 4 * size * chunks);
  rt.run('conv2dFilterGrad', [rt.addr(x), rt.addr(dy), partial, ...geometry(info), chunks]);
  if (chunks > 1) rt.run('sumChunks', [partial, rt.addr(out), size, chunks]);
  return out;
}
