// Weight gradient of a 3x3, stride 1, padding 1 convolution by the same F(2x2, 3x3) transforms as winograd.ts.
// The loss's dependence on the filter through one tile is  L = sum over xi of (A dy A^T)[xi] (G g G^T)[xi] (B^T d B)[xi],
// so the tile adds  G^T [ (B^T d B) (.) (A dy A^T) ] G  to dW. Summed over tiles first, that is 16 products
// M[xi] += V[xi]^T Y[xi] ([K, tiles] x [tiles, N], reduced over the tiles of a whole image, accumulators in registers:
// filter-grad.ts's blocks) and one G^T M G at the end: 16 multiplications per tile and channel pair instead of 36.
import { tapBlocks } from './filter-grad';
import { shareStart } from './simd';
import { inputTile } from './winograd';

/** Tile rows transformed per pass: enough for about 16 tiles, so each product's reduction is long enough. */
@inline function rowsPerPass(W: i32): i32 {
  const T = (W + 1) >> 1;
  return max(1, (16 + T - 1) / T);
}

/** Bytes between the 16 slabs of a pass's V (k = K) or Y (k = N): a cache line more than the data, so that the
 * slabs do not all fall in the same cache sets (a multiple of 4 KB apart, they would evict each other). */
@inline function slabBytes(W: i32, k: i32): i32 {
  return rowsPerPass(W) * ((W + 1) >> 1) * k * 4 + 64;
}

/** Per-thread scratch for one pass: transformed patches V [16][tiles][K] and dy tiles Y [16][tiles][N], line-padded. */
export function winogradGradScratchBytes(W: i32, K: i32, N: i32): i32 {
  return ((16 * (slabBytes(W, K) + slabBytes(W, N)) + 63) & ~63) + 64;
}

@inline function dyAt(dy: usize, oh: i32, ow: i32, H: i32, W: i32, N: i32, n: i32): v128 {
  if (oh >= H || ow >= W) return f32x4.splat(0);
  return v128.load(dy + <usize>(((oh * W + ow) * N + n) * 4));
}

/** A dy A^T of the 2x2 dy tile at (oh0, ow0), channels n..n+3 -> Y[xi][p][n]. */
function dyTile(dy: usize, oh0: i32, ow0: i32, H: i32, W: i32, N: i32, n: i32, Y: usize, xiBytes: usize, p: i32): void {
  const o = Y + <usize>((p * N + n) * 4);
  const a0 = dyAt(dy, oh0, ow0, H, W, N, n), b0 = dyAt(dy, oh0, ow0 + 1, H, W, N, n);
  const a1 = dyAt(dy, oh0 + 1, ow0, H, W, N, n), b1 = dyAt(dy, oh0 + 1, ow0 + 1, H, W, N, n);
  // Rows of A dy: [a0 b0], [a0+a1 b0+b1], [a0-a1 b0-b1], [-a1 -b1]; then each row [a b] -> [a, a+b, a-b, -b].
  for (let i = 0; i < 4; i++) {
    let a = a0, b = b0;
    if (i == 1) { a = f32x4.add(a0, a1); b = f32x4.add(b0, b1); }
    else if (i == 2) { a = f32x4.sub(a0, a1); b = f32x4.sub(b0, b1); }
    else if (i == 3) { a = f32x4.neg(a1); b = f32x4.neg(b1); }
    const r = o + <usize>(4 * i) * xiBytes;
    v128.store(r, a);
    v128.store(r + xiBytes, f32x4.add(a, b));
    v128.store(r + 2 * xiBytes, f32x4.sub(a, b));
    v128.store(r + 3 * xiBytes, f32x4.neg(b));
  }
}

/**
 * M for the images of each of `chunks` fixed pieces of the batch: partial + c * 16 * K * N floats ([16][K][N]).
 * x [B, H, W, K], dy [B, H, W, N]; K and N multiples of 4. Thread tid takes pieces tid, tid + nt, ...
 */
export function winogradFilterGrad(
  x: usize, dy: usize, partial: usize, B: i32, H: i32, W: i32, K: i32, N: i32,
  chunks: i32, scratch: usize, tid: i32, nt: i32,
): void {
  const T = (W + 1) >> 1, R = (H + 1) >> 1, G = rowsPerPass(W);
  const vSlab = <usize>slabBytes(W, K), ySlab = <usize>slabBytes(W, N);
  const V = scratch + <usize>(tid * winogradGradScratchBytes(W, K, N));
  const Y = V + 16 * vSlab;
  for (let c = tid; c < chunks; c += nt) {
    const M = partial + <usize>(c * 16 * K * N * 4);
    memory.fill(M, 0, <usize>(16 * K * N * 4));
    const b1 = shareStart(B, c + 1, chunks);
    for (let b = shareStart(B, c, chunks); b < b1; b++) {
      const xb = x + <usize>(b * H * W * K * 4), db = dy + <usize>(b * H * W * N * 4);
      for (let r0 = 0; r0 < R; r0 += G) {
        const rows = min(G, R - r0);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < T; j++) {
            const p = r * T + j;
            const oh = 2 * (r0 + r);
            for (let k = 0; k < K; k += 4) inputTile(xb, oh - 1, 2 * j - 1, H, W, K, k, V, vSlab, p);
            for (let n = 0; n < N; n += 4) dyTile(db, oh, 2 * j, H, W, N, n, Y, ySlab, p);
          }
        }
        for (let xi = 0; xi < 16; xi++) {
          tapBlocks(V + <usize>xi * vSlab, K * 4, Y + <usize>xi * ySlab, N * 4, rows * T, M + <usize>(xi * K * N * 4), K, N);
        }
      }
    }
  }
}

/**
 * dW [3, 3, K, N] = G^T M G with M the sum, in order, of the chunks' partial M; thread tid does its share of the
 * K * N channel pairs.
 */
export function winogradFilterGradFinish(partial: usize, chunks: i32, dw: usize, K: i32, N: i32, tid: i32, nt: i32): void {
  const pairs = K * N;
  const stride = <usize>(16 * pairs * 4);
  const q1 = shareStart(pairs, tid + 1, nt);
  for (let q = shareStart(pairs, tid, nt); q < q1; q++) {
    // m[xi] summed over chunks in order.
    let m0: f32 = 0, m1: f32 = 0, m2: f32 = 0, m3: f32 = 0, m4: f32 = 0, m5: f32 = 0, m6: f32 = 0, m7: f32 = 0;
    let m8: f32 = 0, m9: f32 = 0, m10: f32 = 0, m11: f32 = 0, m12: f32 = 0, m13: f32 = 0, m14: f32 = 0, m15: f32 = 0;
    for (let c = 0; c < chunks; c++) {
      const base = partial + <usize>c * stride + <usize>(q * 4);
      const s = <usize>(pairs * 4);
      m0 += load<f32>(base); m1 += load<f32>(base + s); m2 += load<f32>(base + 2 * s); m3 += load<f32>(base + 3 * s);
      m4 += load<f32>(base + 4 * s); m5 += load<f32>(base + 5 * s); m6 += load<f32>(base + 6 * s); m7 += load<f32>(base + 7 * s);
      m8 += load<f32>(base + 8 * s); m9 += load<f32>(base + 9 * s); m10 += load<f32>(base + 10 * s); m11 += load<f32>(base + 11 * s);
      m12 += load<f32>(base + 12 * s); m13 += load<f32>(base + 13 * s); m14 += load<f32>(base + 14 * s); m15 += load<f32>(base + 15 * s);
    }
    // T = M G (rows a of M, columns kw): [m0 + (m1 + m2)/2, (m1 - m2)/2, (m1 + m2)/2 + m3].
    const t00 = m0 + (m1 + m2) * 0.5, t01 = (m1 - m2) * 0.5, t02 = (m1 + m2) * 0.5 + m3;
    const t10 = m4 + (m5 + m6) * 0.5, t11 = (m5 - m6) * 0.5, t12 = (m5 + m6) * 0.5 + m7;
    const t20 = m8 + (m9 + m10) * 0.5, t21 = (m9 - m10) * 0.5, t22 = (m9 + m10) * 0.5 + m11;
    const t30 = m12 + (m13 + m14) * 0.5, t31 = (m13 - m14) * 0.5, t32 = (m13 + m14) * 0.5 + m15;
    // dW = G^T T: rows kh = [t0 + (t1 + t2)/2, (t1 - t2)/2, (t1 + t2)/2 + t3].
    const o = dw + <usize>(q * 4);
    const tap = <usize>(pairs * 4);
    store<f32>(o, t00 + (t10 + t20) * 0.5);
    store<f32>(o + tap, t01 + (t11 + t21) * 0.5);
    store<f32>(o + 2 * tap, t02 + (t12 + t22) * 0.5);
    store<f32>(o + 3 * tap, (t10 - t20) * 0.5);
    store<f32>(o + 4 * tap, (t11 - t21) * 0.5);
    store<f32>(o + 5 * tap, (t12 - t22) * 0.5);
    store<f32>(o + 6 * tap, (t10 + t20) * 0.5 + t30);
    store<f32>(o + 7 * tap, (t11 + t21) * 0.5 + t31);
    store<f32>(o + 8 * tap, (t12 + t22) * 0.5 + t32);
  }
}
