// Per-channel passes over an NHWC activation seen as n pixels x C channels (batch norm in training mode):
// sums in fixed chunks (partial sums, added up in order by the caller, so results do not depend on the thread count)
// and affine maps with per-channel coefficients. Vector path on 4 channels at a time; C % 4 channels by scalar.
import { madd, shareStart } from './simd';

/**
 * Batch-norm statistics in one pass, about a shift: partial[c * 2C + ch] = sum over the pixels of chunk c of
 * (a[p, ch] - a[0, ch]), partial[c * 2C + C + ch] = sum of its squares. Shifting by a value of the channel (its first
 * pixel's) keeps E[(x - K)^2] - E[x - K]^2 free of the cancellation that E[x^2] - E[x]^2 suffers under a large mean.
 */
export function shiftedSums(a: usize, n: i32, C: i32, partial: usize, chunks: i32, tid: i32, nt: i32): void {
  for (let c = tid; c < chunks; c += nt) {
    const s1 = partial + <usize>(c * 2 * C * 4);
    const s2 = s1 + <usize>(C * 4);
    memory.fill(s1, 0, <usize>(2 * C * 4));
    const p1 = shareStart(n, c + 1, chunks);
    for (let p = shareStart(n, c, chunks); p < p1; p++) {
      const row = a + <usize>(p * C * 4);
      let ch = 0;
      for (; ch + 4 <= C; ch += 4) {
        const k = <usize>(ch * 4);
        const d = f32x4.sub(v128.load(row + k), v128.load(a + k));
        v128.store(s1 + k, f32x4.add(v128.load(s1 + k), d));
        v128.store(s2 + k, madd(d, d, v128.load(s2 + k)));
      }
      for (; ch < C; ch++) {
        const k = <usize>(ch * 4);
        const d = load<f32>(row + k) - load<f32>(a + k);
        store<f32>(s1 + k, load<f32>(s1 + k) + d);
        store<f32>(s2 + k, load<f32>(s2 + k) + d * d);
      }
    }
  }
}

/**
 * partial[c * 2C + ch] = sum over chunk c of g[p, ch]; partial[c * 2C + C + ch] = sum of g[p, ch] * (x[p, ch] - mean[ch]),
 * where g = dy, or dy where mask > 0 (a fused ReLU's gradient, mask its output) when mask is not 0.
 */
export function gradSums(dy: usize, mask: usize, x: usize, mean: usize, n: i32, C: i32, partial: usize, chunks: i32, tid: i32, nt: i32): void {
  const zero = f32x4.splat(0);
  for (let c = tid; c < chunks; c += nt) {
    const s1 = partial + <usize>(c * 2 * C * 4);
    const s2 = s1 + <usize>(C * 4);
    memory.fill(s1, 0, <usize>(2 * C * 4));
    const p1 = shareStart(n, c + 1, chunks);
    for (let p = shareStart(n, c, chunks); p < p1; p++) {
      const off = <usize>(p * C * 4);
      let ch = 0;
      for (; ch + 4 <= C; ch += 4) {
        const k = <usize>(ch * 4);
        let g = v128.load(dy + off + k);
        if (mask != 0) g = v128.and(g, f32x4.gt(v128.load(mask + off + k), zero));
        const d = f32x4.sub(v128.load(x + off + k), v128.load(mean + k));
        v128.store(s1 + k, f32x4.add(v128.load(s1 + k), g));
        v128.store(s2 + k, madd(g, d, v128.load(s2 + k)));
      }
      for (; ch < C; ch++) {
        const k = <usize>(ch * 4);
        const g = mask == 0 || load<f32>(mask + off + k) > 0 ? load<f32>(dy + off + k) : 0;
        store<f32>(s1 + k, load<f32>(s1 + k) + g);
        store<f32>(s2 + k, load<f32>(s2 + k) + g * (load<f32>(x + off + k) - load<f32>(mean + k)));
      }
    }
  }
}

/**
 * y[p, ch] = (a[p, ch] - sub[ch]) * mul[ch] + add[ch], plus res[p, ch] when res is not 0, then max(0, .) when relu is
 * not 0 (batch norm with the residual addition and ReLU of a block's end fused in); thread tid does its share.
 */
export function channelAffine(a: usize, y: usize, n: i32, C: i32, sub: usize, mul: usize, add: usize, res: usize, relu: i32, tid: i32, nt: i32): void {
  const p1 = shareStart(n, tid + 1, nt);
  const zero = f32x4.splat(0);
  for (let p = shareStart(n, tid, nt); p < p1; p++) {
    const off = <usize>(p * C * 4);
    let ch = 0;
    for (; ch + 4 <= C; ch += 4) {
      const k = <usize>(ch * 4);
      const d = f32x4.sub(v128.load(a + off + k), v128.load(sub + k));
      let v = madd(d, v128.load(mul + k), v128.load(add + k));
      if (res != 0) v = f32x4.add(v, v128.load(res + off + k));
      if (relu != 0) v = f32x4.max(v, zero);
      v128.store(y + off + k, v);
    }
    for (; ch < C; ch++) {
      const k = <usize>(ch * 4);
      let v = (load<f32>(a + off + k) - load<f32>(sub + k)) * load<f32>(mul + k) + load<f32>(add + k);
      if (res != 0) v += load<f32>(res + off + k);
      if (relu != 0) v = max<f32>(v, 0);
      store<f32>(y + off + k, v);
    }
  }
}

/**
 * out[p, ch] = g[p, ch] * ma[ch] + (b[p, ch] - bsub[ch]) * mb[ch] + add[ch], g = a, or a where mask > 0 when mask is
 * not 0 (as in gradSums).
 */
export function channelAffine2(
  a: usize, mask: usize, b: usize, out: usize, n: i32, C: i32, ma: usize, bsub: usize, mb: usize, add: usize, tid: i32, nt: i32,
): void {
  const p1 = shareStart(n, tid + 1, nt);
  const zero = f32x4.splat(0);
  for (let p = shareStart(n, tid, nt); p < p1; p++) {
    const off = <usize>(p * C * 4);
    let ch = 0;
    for (; ch + 4 <= C; ch += 4) {
      const k = <usize>(ch * 4);
      let g = v128.load(a + off + k);
      if (mask != 0) g = v128.and(g, f32x4.gt(v128.load(mask + off + k), zero));
      const t = madd(f32x4.sub(v128.load(b + off + k), v128.load(bsub + k)), v128.load(mb + k), v128.load(add + k));
      v128.store(out + off + k, madd(g, v128.load(ma + k), t));
    }
    for (; ch < C; ch++) {
      const k = <usize>(ch * 4);
      const g = mask == 0 || load<f32>(mask + off + k) > 0 ? load<f32>(a + off + k) : 0;
      const d = load<f32>(b + off + k) - load<f32>(bsub + k);
      store<f32>(out + off + k, g * load<f32>(ma + k) + d * load<f32>(mb + k) + load<f32>(add + k));
    }
  }
}

/** dx = dy where x > 0, else 0 (ReLU's gradient); n floats; thread tid does its share. */
export function reluGrad(dy: usize, x: usize, dx: usize, n: i32, tid: i32, nt: i32): void {
  const quads = n / 4;
  const q1 = shareStart(quads, tid + 1, nt);
  const zero = f32x4.splat(0);
  for (let q = shareStart(quads, tid, nt); q < q1; q++) {
    const k = <usize>(q * 16);
    v128.store(dx + k, v128.and(v128.load(dy + k), f32x4.gt(v128.load(x + k), zero)));
  }
  if (tid != nt - 1) return;
  for (let i = quads * 4; i < n; i++) {
    const k = <usize>(i * 4);
    store<f32>(dx + k, load<f32>(x + k) > 0 ? load<f32>(dy + k) : 0);
  }
}
