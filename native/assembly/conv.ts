// 2-D convolution kernels for training, NHWC activations and HWIO filters, float32, on memory the caller owns
// (TensorFlow.js's WASM heap). Every function takes (tid, nt): thread tid of nt does its share, so the same call runs
// on one thread or on a pool of workers sharing the memory. Addresses are byte offsets.
//
// Geometry: x [B, H, W, Cin], filter [KH, KW, Cin, Cout], y [B, OH, OW, Cout]; y pixel (oh, ow) reads x pixel
// (oh * sh - pt + kh, ow * sw - pl + kw) for tap (kh, kw); outside x is zero padding.
import { gatherRow, setTap, TAP_BYTES } from './gather';
import { shareStart } from './simd';
import { filterGradRow } from './filter-grad';


/**
 * Bytes of per-thread scratch a kernel needs for KH x KW taps (its tap table), rounded up and padded by a cache line
 * so that no two threads' tables share a line (writing one would evict the other from its core's cache).
 */
export function scratchBytes(KH: i32, KW: i32): i32 {
  return ((KH * KW * TAP_BYTES + 63) & ~63) + 64;
}

/** y = conv(x, filter). `zero` holds at least Cin zero floats; `scratch` nt * scratchBytes(KH, KW) bytes. */
export function conv2d(
  x: usize, w: usize, y: usize,
  B: i32, H: i32, W: i32, Cin: i32, OH: i32, OW: i32, Cout: i32,
  KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  zero: usize, scratch: usize, tid: i32, nt: i32,
): void {
  const table = scratch + <usize>(tid * scratchBytes(KH, KW));
  const rows = B * OH;
  const r1 = shareStart(rows, tid + 1, nt);
  for (let r = shareStart(rows, tid, nt); r < r1; r++) {
    const b = r / OH, oh = r % OH;
    let ntaps = 0;
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - pt + kh;
      if (ih < 0 || ih >= H) continue;
      const row = x + <usize>((b * H + ih) * W * Cin * 4);
      for (let kw = 0; kw < KW; kw++) {
        setTap(table, ntaps++, row, kw - pl, w + <usize>((kh * KW + kw) * Cin * Cout * 4));
      }
    }
    gatherRow(table, ntaps, sw, W, Cin, y + <usize>(r * OW * Cout * 4), Cout * 4, OW, Cout, zero);
  }
}

/** wT[t, co, ci] = w[t, ci, co] for each of `taps` taps: the input gradient's weight layout (the calling thread only). */
export function transposeFilter(w: usize, wT: usize, taps: i32, Cin: i32, Cout: i32): void {
  for (let t = 0; t < taps; t++) {
    const src = w + <usize>(t * Cin * Cout * 4), dst = wT + <usize>(t * Cin * Cout * 4);
    for (let ci = 0; ci < Cin; ci++) {
      for (let co = 0; co < Cout; co++) {
        store<f32>(dst + <usize>((co * Cin + ci) * 4), load<f32>(src + <usize>((ci * Cout + co) * 4)));
      }
    }
  }
}

/**
 * dx = gradient of conv2d with respect to x, from dy and wT (transposeFilter's layout). dx pixel (ih, iw) collects
 * dy pixel ((ih + pt - kh) / sh, (iw + pl - kw) / sw) for each tap where both divide exactly. The columns of one dx
 * row are taken by phase (iw mod sw), so that within a phase every tap is valid for all pixels or for none.
 * `zero` holds at least Cout zero floats.
 */
export function conv2dInputGrad(
  dy: usize, wT: usize, dx: usize,
  B: i32, H: i32, W: i32, Cin: i32, OH: i32, OW: i32, Cout: i32,
  KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  zero: usize, scratch: usize, tid: i32, nt: i32,
): void {
  const table = scratch + <usize>(tid * scratchBytes(KH, KW));
  const rows = B * H;
  const r1 = shareStart(rows, tid + 1, nt);
  for (let r = shareStart(rows, tid, nt); r < r1; r++) {
    const b = r / H, ih = r % H;
    for (let phase = 0; phase < sw && phase < W; phase++) {
      let ntaps = 0;
      for (let kh = 0; kh < KH; kh++) {
        const t = ih + pt - kh;
        if (t < 0 || t % sh != 0 || t / sh >= OH) continue;
        const row = dy + <usize>((b * OH + t / sh) * OW * Cout * 4);
        for (let kw = 0; kw < KW; kw++) {
          const u = phase + pl - kw;
          if (((u % sw) + sw) % sw != 0) continue;
          setTap(table, ntaps++, row, u / sw, wT + <usize>((kh * KW + kw) * Cout * Cin * 4));
        }
      }
      const nq = (W - phase + sw - 1) / sw;
      gatherRow(table, ntaps, 1, OW, Cout, dx + <usize>((r * W + phase) * Cin * 4), sw * Cin * 4, nq, Cin, zero);
    }
  }
}

/**
 * Weight gradient, in `nchunks` partial sums: the B * OH output rows are cut into nchunks fixed pieces, piece c summed
 * into partial + c * (KH * KW * Cin * Cout) floats. Thread tid takes pieces tid, tid + nt, ...; the pieces do not
 * depend on nt, so after sumChunks the result is the same on any number of threads.
 */
export function conv2dFilterGrad(
  x: usize, dy: usize, partial: usize,
  B: i32, H: i32, W: i32, Cin: i32, OH: i32, OW: i32, Cout: i32,
  KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  nchunks: i32, tid: i32, nt: i32,
): void {
  const rows = B * OH;
  const size = KH * KW * Cin * Cout;
  for (let c = tid; c < nchunks; c += nt) {
    const out = partial + <usize>(c * size * 4);
    memory.fill(out, 0, <usize>(size * 4));
    const r1 = shareStart(rows, c + 1, nchunks);
    for (let r = shareStart(rows, c, nchunks); r < r1; r++) {
      filterGradRow(x, dy, out, r / OH, r % OH, H, W, Cin, OH, OW, Cout, KH, KW, sh, sw, pt, pl);
    }
  }
}
