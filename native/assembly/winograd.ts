// 3x3, stride 1, padding 1 convolution by Winograd's F(2x2, 3x3): each 2x2 block of outputs (a tile) from its 4x4
// input patch d as  Y = A^T [ (G g G^T) (.) (B^T d B) ] A,  16 multiplications per input/output channel pair instead
// of 36. Per row of tiles, on one thread's scratch (it stays in cache): the patches are transformed (B^T d B, 4
// channels at a time), the 16 products become 16 small matrix products [tiles, K] x [K, N] (gather.ts's kernel), and
// the 4x4 results go back to 2x2 outputs (A^T m A). Used for the forward convolution and, with the filter flipped and
// transposed, for the input gradient; both need K and N multiples of 4 (conv.ts keeps the direct kernel otherwise).
import { gatherRow, setTap, TAP_BYTES } from './gather';
import { shareStart } from './simd';

/** Bytes of per-thread scratch for a row of ceil(W / 2) tiles with K inputs and N outputs, cache-line padded. */
export function winogradScratchBytes(W: i32, K: i32, N: i32): i32 {
  const T = (W + 1) >> 1;
  return ((16 * T * (K + N) * 4 + TAP_BYTES + 63) & ~63) + 64;
}

/**
 * U[16][K][N] = G g G^T for each (k, n), where g[kh][kw] = w[kh][kw][k][n] (HWIO, K = Cin, N = Cout), or with
 * `flipped` (input gradient: K = Cout, N = Cin of the forward filter) g[kh][kw] = w[2 - kh][2 - kw][n][k].
 */
export function winogradFilter(w: usize, U: usize, K: i32, N: i32, flipped: i32): void {
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      // g as 9 floats, rows of 3.
      let g0: f32 = 0, g1: f32 = 0, g2: f32 = 0, g3: f32 = 0, g4: f32 = 0, g5: f32 = 0, g6: f32 = 0, g7: f32 = 0, g8: f32 = 0;
      for (let t = 0; t < 9; t++) {
        const src = flipped ? ((8 - t) * N + n) * K + k : (t * K + k) * N + n;
        const v = load<f32>(w + <usize>(src * 4));
        if (t == 0) g0 = v; else if (t == 1) g1 = v; else if (t == 2) g2 = v;
        else if (t == 3) g3 = v; else if (t == 4) g4 = v; else if (t == 5) g5 = v;
        else if (t == 6) g6 = v; else if (t == 7) g7 = v; else g8 = v;
      }
      // Rows: h = G g (4 rows of 3).
      const h0 = g0, h1 = g1, h2 = g2;
      const h3 = (g0 + g3 + g6) * 0.5, h4 = (g1 + g4 + g7) * 0.5, h5 = (g2 + g5 + g8) * 0.5;
      const h6 = (g0 - g3 + g6) * 0.5, h7 = (g1 - g4 + g7) * 0.5, h8 = (g2 - g5 + g8) * 0.5;
      const h9 = g6, h10 = g7, h11 = g8;
      const o = U + <usize>((k * N + n) * 4);
      const stride = <usize>(K * N * 4);
      filterRow(o, stride, 0, h0, h1, h2);
      filterRow(o, stride, 4, h3, h4, h5);
      filterRow(o, stride, 8, h6, h7, h8);
      filterRow(o, stride, 12, h9, h10, h11);
    }
  }
}

/** Columns: the 4 values (h G^T) of one row of h, stored at positions first .. first + 3 of U. */
@inline function filterRow(o: usize, stride: usize, first: i32, a: f32, b: f32, c: f32): void {
  store<f32>(o + <usize>first * stride, a);
  store<f32>(o + <usize>(first + 1) * stride, (a + b + c) * 0.5);
  store<f32>(o + <usize>(first + 2) * stride, (a - b + c) * 0.5);
  store<f32>(o + <usize>(first + 3) * stride, c);
}

/** Four channels of input pixel (ih, iw), or zeros outside the image (padding). */
@inline function px(x: usize, ih: i32, iw: i32, H: i32, W: i32, K: i32, k: i32): v128 {
  if (ih < 0 || ih >= H || iw < 0 || iw >= W) return f32x4.splat(0);
  return v128.load(x + <usize>(((ih * W + iw) * K + k) * 4));
}

/** B^T d B of the patch at (ih0, iw0) for channels k..k+3 -> V[xi][j][k] (xi = 4 * row + column, xiBytes apart). */
export function inputTile(x: usize, ih0: i32, iw0: i32, H: i32, W: i32, K: i32, k: i32, V: usize, xiBytes: usize, j: i32): void {
  let o = V + <usize>((j * K + k) * 4);
  if (ih0 >= 0 && iw0 >= 0 && ih0 + 3 < H && iw0 + 3 < W) {
    // Inside the image (most tiles): no padding checks.
    const rs = <usize>(W * K * 4), cs = <usize>(K * 4);
    let p = x + <usize>(((ih0 * W + iw0) * K + k) * 4);
    for (let c = 0; c < 4; c++) {
      const d0 = v128.load(p), d1 = v128.load(p + rs), d2 = v128.load(p + 2 * rs), d3 = v128.load(p + 3 * rs);
      v128.store(o + <usize>c * xiBytes, f32x4.sub(d0, d2));
      v128.store(o + <usize>(4 + c) * xiBytes, f32x4.add(d1, d2));
      v128.store(o + <usize>(8 + c) * xiBytes, f32x4.sub(d2, d1));
      v128.store(o + <usize>(12 + c) * xiBytes, f32x4.sub(d1, d3));
      p += cs;
    }
  } else {
    for (let c = 0; c < 4; c++) {
      // Column c of e = B^T d (rows of d combined), then its part of e B below.
      const iw = iw0 + c;
      const d0 = px(x, ih0, iw, H, W, K, k), d1 = px(x, ih0 + 1, iw, H, W, K, k);
      const d2 = px(x, ih0 + 2, iw, H, W, K, k), d3 = px(x, ih0 + 3, iw, H, W, K, k);
      // Stash e's column c in V's slots for columns (transformed below in place).
      v128.store(o + <usize>c * xiBytes, f32x4.sub(d0, d2));
      v128.store(o + <usize>(4 + c) * xiBytes, f32x4.add(d1, d2));
      v128.store(o + <usize>(8 + c) * xiBytes, f32x4.sub(d2, d1));
      v128.store(o + <usize>(12 + c) * xiBytes, f32x4.sub(d1, d3));
    }
  }
  for (let i = 0; i < 4; i++) {
    const r = o + <usize>(4 * i) * xiBytes;
    const e0 = v128.load(r), e1 = v128.load(r + xiBytes), e2 = v128.load(r + 2 * xiBytes), e3 = v128.load(r + 3 * xiBytes);
    v128.store(r, f32x4.sub(e0, e2));
    v128.store(r + xiBytes, f32x4.add(e1, e2));
    v128.store(r + 2 * xiBytes, f32x4.sub(e2, e1));
    v128.store(r + 3 * xiBytes, f32x4.sub(e1, e3));
  }
}

/** A^T m A of tile j for channels n..n+3 -> the up to 2x2 outputs at (oh0, ow0). */
function outputTile(M: usize, T: i32, N: i32, j: i32, n: i32, y: usize, oh0: i32, ow0: i32, OH: i32, OW: i32): void {
  const xiBytes = <usize>(T * N * 4);
  const m = M + <usize>((j * N + n) * 4);
  // f = A^T m: rows 0 and 1, each of 4 columns.
  let f00 = f32x4.splat(0), f01 = f32x4.splat(0), f02 = f32x4.splat(0), f03 = f32x4.splat(0);
  let f10 = f32x4.splat(0), f11 = f32x4.splat(0), f12 = f32x4.splat(0), f13 = f32x4.splat(0);
  for (let c = 0; c < 4; c++) {
    const m0 = v128.load(m + <usize>c * xiBytes), m1 = v128.load(m + <usize>(4 + c) * xiBytes);
    const m2 = v128.load(m + <usize>(8 + c) * xiBytes), m3 = v128.load(m + <usize>(12 + c) * xiBytes);
    const a = f32x4.add(f32x4.add(m0, m1), m2), b = f32x4.sub(f32x4.sub(m1, m2), m3);
    if (c == 0) { f00 = a; f10 = b; } else if (c == 1) { f01 = a; f11 = b; } else if (c == 2) { f02 = a; f12 = b; } else { f03 = a; f13 = b; }
  }
  const y00 = f32x4.add(f32x4.add(f00, f01), f02), y01 = f32x4.sub(f32x4.sub(f01, f02), f03);
  const y10 = f32x4.add(f32x4.add(f10, f11), f12), y11 = f32x4.sub(f32x4.sub(f11, f12), f13);
  const row0 = y + <usize>(((oh0 * OW + ow0) * N + n) * 4);
  const pixel = <usize>(N * 4);
  v128.store(row0, y00);
  if (ow0 + 1 < OW) v128.store(row0 + pixel, y01);
  if (oh0 + 1 < OH) {
    const row1 = row0 + <usize>(OW) * pixel;
    v128.store(row1, y10);
    if (ow0 + 1 < OW) v128.store(row1 + pixel, y11);
  }
}

/**
 * y [B, H, W, N] = 3x3 convolution, stride 1, padding 1, of x [B, H, W, K] with U = winogradFilter(...).
 * Thread tid of nt takes its share of the B * ceil(H / 2) rows of tiles; `scratch` holds nt * winogradScratchBytes.
 */
export function winograd3x3(
  x: usize, U: usize, y: usize, B: i32, H: i32, W: i32, K: i32, N: i32, zero: usize, scratch: usize, tid: i32, nt: i32,
): void {
  const T = (W + 1) >> 1;
  const R = (H + 1) >> 1;
  const V = scratch + <usize>(tid * winogradScratchBytes(W, K, N));
  const M = V + <usize>(16 * T * K * 4);
  const table = M + <usize>(16 * T * N * 4);
  const rows = B * R;
  const r1 = shareStart(rows, tid + 1, nt);
  for (let row = shareStart(rows, tid, nt); row < r1; row++) {
    const b = row / R, r = row % R;
    const xb = x + <usize>(b * H * W * K * 4);
    for (let j = 0; j < T; j++) {
      for (let k = 0; k < K; k += 4) inputTile(xb, 2 * r - 1, 2 * j - 1, H, W, K, k, V, <usize>(T * K * 4), j);
    }
    for (let xi = 0; xi < 16; xi++) {
      setTap(table, 0, V + <usize>(xi * T * K * 4), 0, U + <usize>(xi * K * N * 4));
      gatherRow(table, 1, 1, T, K, M + <usize>(xi * T * N * 4), N * 4, T, N, zero);
    }
    const yb = y + <usize>(b * H * W * N * 4);
    for (let j = 0; j < T; j++) {
      for (let n = 0; n < N; n += 4) outputTile(M, T, N, j, n, yb, 2 * r, 2 * j, H, W);
    }
  }
}
