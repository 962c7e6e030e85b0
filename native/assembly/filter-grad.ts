// Weight gradient of a convolution, one output row at a time: for each tap (kh, kw),
//   dW[kh, kw, ci, co] += sum over ow of x[b, ih, iw(ow), ci] * dy[b, oh, ow, co]
// over the columns ow whose input column iw = ow * sw - pl + kw lies inside x (padding adds nothing).
// Blocks of 4 input channels x 8 output channels stay in registers along the row (8 accumulators).
import { madd, shareStart, splat } from './simd';

export function filterGradRow(
  x: usize, dy: usize, dw: usize, b: i32, oh: i32,
  H: i32, W: i32, Cin: i32, OH: i32, OW: i32, Cout: i32,
  KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32,
): void {
  const dyRow = dy + <usize>((b * OH + oh) * OW * Cout * 4);
  for (let kh = 0; kh < KH; kh++) {
    const ih = oh * sh - pt + kh;
    if (ih < 0 || ih >= H) continue;
    const xRow = x + <usize>((b * H + ih) * W * Cin * 4);
    for (let kw = 0; kw < KW; kw++) {
      const first = pl - kw > 0 ? (pl - kw + sw - 1) / sw : 0;
      const lastIn = W - 1 + pl - kw;
      if (lastIn < 0) continue;
      const last = min(OW - 1, lastIn / sw);
      if (first > last) continue;
      const xp = xRow + <usize>((first * sw - pl + kw) * Cin * 4);
      const dp = dyRow + <usize>(first * Cout * 4);
      const tap = dw + <usize>((kh * KW + kw) * Cin * Cout * 4);
      tapBlocks(xp, sw * Cin * 4, dp, Cout * 4, last - first + 1, tap, Cin, Cout);
    }
  }
}

/** One tap over n pixels: xp / dp the first pixel's x and dy channels, xStep / dStep bytes to the next pixel. */
export function tapBlocks(xp: usize, xStep: i32, dp: usize, dStep: i32, n: i32, tap: usize, Cin: i32, Cout: i32): void {
  const rowBytes = Cout * 4;
  let ci = 0;
  for (; ci + 4 <= Cin; ci += 4) {
    let co = 0;
    for (; co + 8 <= Cout; co += 8) {
      wg4x8(xp + <usize>(ci * 4), xStep, dp + <usize>(co * 4), dStep, n, tap + <usize>(ci * rowBytes + co * 4), rowBytes);
    }
    for (; co + 4 <= Cout; co += 4) {
      for (let i = 0; i < 4; i++) {
        wg1x4(xp + <usize>((ci + i) * 4), xStep, dp + <usize>(co * 4), dStep, n, tap + <usize>((ci + i) * rowBytes + co * 4));
      }
    }
    for (; co < Cout; co++) {
      for (let i = 0; i < 4; i++) {
        wg1x1(xp + <usize>((ci + i) * 4), xStep, dp + <usize>(co * 4), dStep, n, tap + <usize>((ci + i) * rowBytes + co * 4));
      }
    }
  }
  for (; ci < Cin; ci++) {
    let co = 0;
    for (; co + 4 <= Cout; co += 4) {
      wg1x4(xp + <usize>(ci * 4), xStep, dp + <usize>(co * 4), dStep, n, tap + <usize>(ci * rowBytes + co * 4));
    }
    for (; co < Cout; co++) {
      wg1x1(xp + <usize>(ci * 4), xStep, dp + <usize>(co * 4), dStep, n, tap + <usize>(ci * rowBytes + co * 4));
    }
  }
}

function wg4x8(xp: usize, xStep: i32, dp: usize, dStep: i32, n: i32, t: usize, rowBytes: i32): void {
  const r = <usize>rowBytes;
  let a0 = v128.load(t), a1 = v128.load(t, 16);
  let b0 = v128.load(t + r), b1 = v128.load(t + r, 16);
  let c0 = v128.load(t + 2 * r), c1 = v128.load(t + 2 * r, 16);
  let d0 = v128.load(t + 3 * r), d1 = v128.load(t + 3 * r, 16);
  for (let i = 0; i < n; i++) {
    const g0 = v128.load(dp), g1 = v128.load(dp, 16);
    const x0 = splat(xp), x1 = splat(xp + 4), x2 = splat(xp + 8), x3 = splat(xp + 12);
    a0 = madd(x0, g0, a0); a1 = madd(x0, g1, a1);
    b0 = madd(x1, g0, b0); b1 = madd(x1, g1, b1);
    c0 = madd(x2, g0, c0); c1 = madd(x2, g1, c1);
    d0 = madd(x3, g0, d0); d1 = madd(x3, g1, d1);
    xp += <usize>xStep;
    dp += <usize>dStep;
  }
  v128.store(t, a0); v128.store(t, a1, 16);
  v128.store(t + r, b0); v128.store(t + r, b1, 16);
  v128.store(t + 2 * r, c0); v128.store(t + 2 * r, c1, 16);
  v128.store(t + 3 * r, d0); v128.store(t + 3 * r, d1, 16);
}

function wg1x4(xp: usize, xStep: i32, dp: usize, dStep: i32, n: i32, t: usize): void {
  let a = v128.load(t);
  for (let i = 0; i < n; i++) {
    a = madd(splat(xp), v128.load(dp), a);
    xp += <usize>xStep;
    dp += <usize>dStep;
  }
  v128.store(t, a);
}

function wg1x1(xp: usize, xStep: i32, dp: usize, dStep: i32, n: i32, t: usize): void {
  let a = load<f32>(t);
  for (let i = 0; i < n; i++) {
    a += load<f32>(xp) * load<f32>(dp);
    xp += <usize>xStep;
    dp += <usize>dStep;
  }
  store<f32>(t, a);
}

/** out[i] = sum over c = 0 .. nchunks-1, in that order, of partial[c * size + i]; thread tid does its share of i. */
export function sumChunks(partial: usize, out: usize, size: i32, nchunks: i32, tid: i32, nt: i32): void {
  const quads = size / 4;
  const q1 = shareStart(quads, tid + 1, nt);
  const stride = <usize>(size * 4);
  for (let q = shareStart(quads, tid, nt); q < q1; q++) {
    let p = partial + <usize>(q * 16);
    let s = v128.load(p);
    for (let c = 1; c < nchunks; c++) {
      p += stride;
      s = f32x4.add(s, v128.load(p));
    }
    v128.store(out + <usize>(q * 16), s);
  }
  if (tid != nt - 1) return;
  for (let i = quads * 4; i < size; i++) {
    let s: f32 = 0;
    for (let c = 0; c < nchunks; c++) s += load<f32>(partial + <usize>((c * size + i) * 4));
    store<f32>(out + <usize>(i * 4), s);
  }
}
