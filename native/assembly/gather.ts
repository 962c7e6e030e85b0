// One output row of a "gather" convolution: out[q, n] = sum over taps t and k of in_t(q)[k] * w_t[k, n].
// The forward convolution and the input gradient are both of this form (see conv.ts), so they share this code.
//
// A tap table (built per row by the caller, TAP_BYTES per tap) gives for tap t: the input row's address (already
// checked to be inside the input), the input column of output pixel q as colBase + q * colStep, and the address of the
// tap's weight matrix [K, N] (row stride N floats). A column outside [0, inW) reads `zero` (K zero floats): padding.
// Output pixels are done four at a time with 8 channels in registers (8 accumulators), then 4, then 1 channel.
import { madd, splat } from './simd';

export const TAP_BYTES: i32 = 16;

@inline function tapRow(table: usize, t: i32): usize {
  return load<u32>(table + <usize>(t * TAP_BYTES));
}
@inline function tapColBase(table: usize, t: i32): i32 {
  return load<i32>(table + <usize>(t * TAP_BYTES), 4);
}
@inline function tapWeights(table: usize, t: i32): usize {
  return load<u32>(table + <usize>(t * TAP_BYTES), 8);
}

/** Writes one tap-table entry. */
@inline export function setTap(table: usize, t: i32, row: usize, colBase: i32, weights: usize): void {
  const e = table + <usize>(t * TAP_BYTES);
  store<u32>(e, <u32>row);
  store<i32>(e, colBase, 4);
  store<u32>(e, <u32>weights, 8);
}

/** Address of the K inputs of output pixel q for a tap, or `zero` where the column is padding or q is past the row. */
@inline function pixel(row: usize, col: i32, inW: i32, K: i32, q: i32, nq: i32, zero: usize): usize {
  return q < nq && col >= 0 && col < inW ? row + <usize>(col * K * 4) : zero;
}

/**
 * One output row: nq pixels, outStep bytes apart starting at outRow, N channels each; ntaps taps from `table`;
 * K input channels per input pixel, inW input columns; colStep as above.
 */
export function gatherRow(
  table: usize, ntaps: i32, colStep: i32, inW: i32, K: i32,
  outRow: usize, outStep: i32, nq: i32, N: i32, zero: usize,
): void {
  const rowBytes = N * 4;
  for (let q0 = 0; q0 < nq; q0 += 4) {
    let n0 = 0;
    for (; n0 + 8 <= N; n0 += 8) block8(table, ntaps, colStep, inW, K, outRow, outStep, q0, nq, N, n0, zero, rowBytes);
    for (; n0 + 4 <= N; n0 += 4) block4(table, ntaps, colStep, inW, K, outRow, outStep, q0, nq, N, n0, zero, rowBytes);
    for (; n0 < N; n0++) block1(table, ntaps, colStep, inW, K, outRow, outStep, q0, nq, n0, zero, rowBytes);
  }
}

function block8(
  table: usize, ntaps: i32, colStep: i32, inW: i32, K: i32,
  outRow: usize, outStep: i32, q0: i32, nq: i32, N: i32, n0: i32, zero: usize, rowBytes: i32,
): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  for (let t = 0; t < ntaps; t++) {
    const row = tapRow(table, t);
    const base = tapColBase(table, t) + q0 * colStep;
    let p0 = pixel(row, base, inW, K, q0, nq, zero);
    let p1 = pixel(row, base + colStep, inW, K, q0 + 1, nq, zero);
    let p2 = pixel(row, base + 2 * colStep, inW, K, q0 + 2, nq, zero);
    let p3 = pixel(row, base + 3 * colStep, inW, K, q0 + 3, nq, zero);
    let w = tapWeights(table, t) + <usize>(n0 * 4);
    for (let k = 0; k < K; k++) {
      const w0 = v128.load(w), w1 = v128.load(w, 16);
      const x0 = splat(p0), x1 = splat(p1), x2 = splat(p2), x3 = splat(p3);
      a0 = madd(x0, w0, a0); a1 = madd(x0, w1, a1);
      b0 = madd(x1, w0, b0); b1 = madd(x1, w1, b1);
      c0 = madd(x2, w0, c0); c1 = madd(x2, w1, c1);
      d0 = madd(x3, w0, d0); d1 = madd(x3, w1, d1);
      p0 += 4; p1 += 4; p2 += 4; p3 += 4;
      w += <usize>rowBytes;
    }
  }
  const o = outRow + <usize>(q0 * outStep + n0 * 4);
  v128.store(o, a0); v128.store(o, a1, 16);
  if (q0 + 1 < nq) { v128.store(o + <usize>outStep, b0); v128.store(o + <usize>outStep, b1, 16); }
  if (q0 + 2 < nq) { v128.store(o + <usize>(2 * outStep), c0); v128.store(o + <usize>(2 * outStep), c1, 16); }
  if (q0 + 3 < nq) { v128.store(o + <usize>(3 * outStep), d0); v128.store(o + <usize>(3 * outStep), d1, 16); }
}

function block4(
  table: usize, ntaps: i32, colStep: i32, inW: i32, K: i32,
  outRow: usize, outStep: i32, q0: i32, nq: i32, N: i32, n0: i32, zero: usize, rowBytes: i32,
): void {
  let a = f32x4.splat(0), b = f32x4.splat(0), c = f32x4.splat(0), d = f32x4.splat(0);
  for (let t = 0; t < ntaps; t++) {
    const row = tapRow(table, t);
    const base = tapColBase(table, t) + q0 * colStep;
    let p0 = pixel(row, base, inW, K, q0, nq, zero);
    let p1 = pixel(row, base + colStep, inW, K, q0 + 1, nq, zero);
    let p2 = pixel(row, base + 2 * colStep, inW, K, q0 + 2, nq, zero);
    let p3 = pixel(row, base + 3 * colStep, inW, K, q0 + 3, nq, zero);
    let w = tapWeights(table, t) + <usize>(n0 * 4);
    for (let k = 0; k < K; k++) {
      const w0 = v128.load(w);
      a = madd(splat(p0), w0, a); b = madd(splat(p1), w0, b);
      c = madd(splat(p2), w0, c); d = madd(splat(p3), w0, d);
      p0 += 4; p1 += 4; p2 += 4; p3 += 4;
      w += <usize>rowBytes;
    }
  }
  const o = outRow + <usize>(q0 * outStep + n0 * 4);
  v128.store(o, a);
  if (q0 + 1 < nq) v128.store(o + <usize>outStep, b);
  if (q0 + 2 < nq) v128.store(o + <usize>(2 * outStep), c);
  if (q0 + 3 < nq) v128.store(o + <usize>(3 * outStep), d);
}

function block1(
  table: usize, ntaps: i32, colStep: i32, inW: i32, K: i32,
  outRow: usize, outStep: i32, q0: i32, nq: i32, n0: i32, zero: usize, rowBytes: i32,
): void {
  for (let i = 0; i < 4 && q0 + i < nq; i++) {
    let s: f32 = 0;
    for (let t = 0; t < ntaps; t++) {
      const col = tapColBase(table, t) + (q0 + i) * colStep;
      let p = pixel(tapRow(table, t), col, inW, K, q0 + i, nq, zero);
      let w = tapWeights(table, t) + <usize>(n0 * 4);
      for (let k = 0; k < K; k++) {
        s += load<f32>(p) * load<f32>(w);
        p += 4;
        w += <usize>rowBytes;
      }
    }
    store<f32>(outRow + <usize>((q0 + i) * outStep + n0 * 4), s);
  }
}
