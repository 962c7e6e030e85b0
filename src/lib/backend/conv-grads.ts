/**
 * Convolution gradients composed from forward convolutions, for backends whose own gradient kernels are missing
 * (tfjs-wasm has no Conv2DBackpropFilter) or slow (tfjs-wasm's Conv2DBackpropInput and tfjs-cpu's are scalar loops,
 * while their forward Conv2D is fast: XNNPACK with SIMD on wasm). Both are plain tf ops, so the same kernels serve any
 * backend; the engine does not record ops run inside a kernel on the gradient tape.
 * Layout: NHWC activations, filters [kh, kw, in, out]. NCHW falls back to the backend's own kernel where it has one.
 */
import * as tf from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The forward convolution's geometry (output size, padding on each side) for input and filter shapes. */
function geometry(xShape: Shape4, filterShape: Shape4, strides: number | [number, number], pad: Pad, rounding: Rounding) {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, rounding, false, 'channelsLast');
}

/**
 * dW [kh, kw, Cin, Cout] of y = conv2d(x [B, H, W, Cin], W, stride s): a forward convolution of x with batch and
 * channels swapped ([Cin, H, W, B]) by dy as the filter ([OH, OW, B, Cout]) at dilation s, cropped to the kernel.
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4, strides: number | [number, number], pad: Pad, rounding?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = geometry(x.shape, filterShape, strides, pad, rounding);
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
    const { top, left } = info.padInfo;
    // Far-side padding that makes the correlation exactly kh x kw; negative means rows the forward pass never read.
    const bottom = Math.max(0, kh + (info.outHeight - 1) * sh - h - top);
    const right = Math.max(0, kw + (info.outWidth - 1) * sw - w - left);
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const padding: tf.backend_util.ExplicitPadding = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const full = tf.conv2d(xT, dyT, 1, padding, 'NHWC', [sh, sw]);
    const cropped = full.shape[1] === kh && full.shape[2] === kw ? full : tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]);
  });
}

/** dy [B, OH, OW, C] with s-1 zeros inserted between neighbours: [B, (OH-1)*sh+1, (OW-1)*sw+1, C]. */
function insertZeros(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [b, oh, ow, c] = dy.shape;
  let out = dy;
  if (sh > 1) {
    const rows = tf.pad(tf.reshape(dy, [b, oh, 1, ow * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    out = tf.reshape(rows, [b, oh * sh, ow, c]);
  }
  if (sw > 1) {
    const cols = tf.pad(tf.reshape(out, [b * out.shape[1], ow, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    out = tf.reshape(cols, [b, out.shape[1], ow * sw, c]);
  }
  return tf.slice(out, [0, 0, 0, 0], [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, c]);
}

/**
 * One axis of a strided input gradient split by output phase e = h mod s (h = s*m + e, m < M = ceil(H / s)): those rows
 * of dx only meet filter taps k = r + s*j (r = (e + padBefore) mod s), so each phase is a stride-1 "full" correlation of
 * dy with J of the taps, reversed. `before`/`after` pad dy (negative: crop) so that it yields exactly M rows.
 */
interface Phase {
  /** Filter taps along this axis, in the order the stride-1 convolution uses them (reversed). */
  taps: number[];
  before: number;
  after: number;
}

/** The phases of one axis: input size n, output size on, kernel k, stride s, padding before the input pb. */
function phases(n: number, on: number, k: number, s: number, pb: number): { m: number; list: Phase[] } {
  const m = Math.ceil(n / s);
  const list: Phase[] = [];
  for (let e = 0; e < s; e++) {
    const r = (e + pb) % s;
    const q0 = Math.floor((e + pb) / s);
    const taps: number[] = [];
    for (let t = r; t < k; t += s) taps.unshift(t);
    list.push({ taps, before: taps.length - 1 - q0, after: m + q0 - on });
  }
  return { m, list };
}

/** dy [B, OH, OW, C] cropped where a phase's padding is negative; null when nothing of dy is left. */
function cropFor(dy: tf.Tensor4D, ph: Phase, pw: Phase): tf.Tensor4D | null {
  const [, oh, ow] = dy.shape;
  const t = Math.max(0, -ph.before), b = Math.max(0, -ph.after), l = Math.max(0, -pw.before), r = Math.max(0, -pw.after);
  if (oh - t - b <= 0 || ow - l - r <= 0) return null;
  return t + b + l + r === 0 ? dy : tf.slice(dy, [0, t, l, 0], [-1, oh - t - b, ow - l - r, -1]);
}

/**
 * Strided dx [B, H, W, Cin] by sub-pixel decomposition: sh*sw stride-1 convolutions of dy, one per output phase, each
 * with the sub-filter of taps that reach that phase, interleaved. The work is that of the forward convolution, where
 * inserting zeros into dy costs sh*sw times as much. Null when a phase would need more cropping than dy has.
 */
function stridedInputGrad(inputShape: Shape4, dy: tf.Tensor4D, filter: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D | null {
  const [b, h, w, cin] = inputShape;
  const rows = phases(h, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const cols = phases(w, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  const swapped = tf.transpose(filter, [0, 1, 3, 2]);
  const rowBlocks: tf.Tensor4D[] = [];
  for (const ph of rows.list) {
    const blocks: tf.Tensor4D[] = [];
    for (const pw of cols.list) {
      if (ph.taps.length === 0 || pw.taps.length === 0) {
        blocks.push(tf.zeros([b, rows.m, cols.m, cin]));
        continue;
      }
      const src = cropFor(dy, ph, pw);
      if (src == null) return null;
      const sub = tf.gather(tf.gather(swapped, ph.taps, 0), pw.taps, 1) as tf.Tensor4D;
      const pad: tf.backend_util.ExplicitPadding = [[0, 0], [Math.max(0, ph.before), Math.max(0, ph.after)], [Math.max(0, pw.before), Math.max(0, pw.after)], [0, 0]];
      blocks.push(tf.conv2d(src, sub, 1, pad, 'NHWC'));
    }
    // [B, M, Mw, sw, Cin] -> [B, M, Mw*sw, Cin]: column phases interleave.
    rowBlocks.push(blocks.length === 1 ? blocks[0]! : tf.reshape(tf.stack(blocks, 3), [b, rows.m, cols.m * cols.list.length, cin]));
  }
  const rowsOut = rows.list.length;
  // [B, Mh, sh, Mw*sw, Cin] -> [B, Mh*sh, Mw*sw, Cin]: row phases interleave; then drop rows/columns past H and W.
  const all = rowBlocks.length === 1 ? rowBlocks[0]! : (tf.reshape(tf.stack(rowBlocks, 2), [b, rows.m * rowsOut, cols.m * cols.list.length, cin]) as tf.Tensor4D);
  return all.shape[1] === h && all.shape[2] === w ? all : tf.slice(all, [0, 0, 0, 0], [b, h, w, cin]);
}

/**
 * dx [B, H, W, Cin] of y = conv2d(x, W [kh, kw, Cin, Cout], stride s): a stride-1 forward convolution of dy with the
 * filter flipped in space and in/out swapped ([kh, kw, Cout, Cin]); for s > 1 one such convolution per output phase
 * (stridedInputGrad), or with zeros inserted into dy where that decomposition does not apply.
 */
export function conv2dInputGrad(
  inputShape: Shape4, dy: tf.Tensor4D, filter: tf.Tensor4D, strides: number | [number, number], pad: Pad, rounding?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = geometry(inputShape, filter.shape, strides, pad, rounding);
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
    if (sh > 1 || sw > 1) {
      const phased = stridedInputGrad(inputShape, dy, filter, info);
      if (phased != null) return phased;
    }
    const dyD = insertZeros(dy, sh, sw);
    const padTop = kh - 1 - info.padInfo.top;
    const padLeft = kw - 1 - info.padInfo.left;
    const padBottom = h + kh - 1 - dyD.shape[1] - padTop;
    const padRight = w + kw - 1 - dyD.shape[2] - padLeft;
    const flipped = tf.transpose(kh * kw > 1 ? tf.reverse(filter, [0, 1]) : filter, [0, 1, 3, 2]);
    // A negative pad (explicit padding wider than the kernel) becomes a crop of the result.
    const padding: tf.backend_util.ExplicitPadding = [
      [0, 0], [Math.max(0, padTop), Math.max(0, padBottom)], [Math.max(0, padLeft), Math.max(0, padRight)], [0, 0],
    ];
    const full = tf.conv2d(dyD, flipped, 1, padding, 'NHWC');
    const y0 = Math.max(0, -padTop);
    const x0 = Math.max(0, -padLeft);
    if (full.shape[1] === h && full.shape[2] === w) return full;
    return tf.slice(full, [0, y0, x0, 0], [-1, h, w, -1]);
  });
}

interface FilterGradAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: Shape4;
}

interface InputGradAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: Shape4;
}

/** Calls the backend's own kernel for what the composition does not cover (NCHW), or says how to avoid it. */
function fallback(original: tf.KernelConfig | undefined, kernel: string, backend: string, args: Parameters<tf.KernelFunc>[0]) {
  if (original) return original.kernelFunc(args);
  throw new Error(
    `${kernel} on '${backend}' supports only dataFormat 'NHWC' (channels last); the model uses another layout. ` +
      `Build the model with NHWC tensors (the project's layout) or use the 'cpu' backend.`,
  );
}

/** A Conv2DBackpropFilter kernel for `backendName`, keeping the backend's own (if any) for NCHW. */
export function filterGradKernel(backendName: string, original?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    setupFunc: original?.setupFunc,
    disposeFunc: original?.disposeFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as FilterGradAttrs;
      if (attrs.dataFormat === 'NCHW') return fallback(original, tf.Conv2DBackpropFilter, backendName, args);
      const x = args.inputs['x'] as tf.Tensor4D;
      const dy = args.inputs['dy'] as tf.Tensor4D;
      return conv2dFilterGrad(x, dy, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
    },
  };
}

/** A Conv2DBackpropInput kernel for `backendName`, keeping the backend's own for NCHW. */
export function inputGradKernel(backendName: string, original?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    setupFunc: original?.setupFunc,
    disposeFunc: original?.disposeFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as InputGradAttrs;
      if (attrs.dataFormat === 'NCHW') return fallback(original, tf.Conv2DBackpropInput, backendName, args);
      const dy = args.inputs['dy'] as tf.Tensor4D;
      const filter = args.inputs['filter'] as tf.Tensor4D;
      return conv2dInputGrad(attrs.inputShape, dy, filter, attrs.strides, attrs.pad, attrs.dimRoundingMode);
    },
  };
}
