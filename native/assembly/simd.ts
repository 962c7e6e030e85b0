// Multiply-add on four float lanes: fused (one rounding) where the engine has relaxed SIMD, else multiply then add.
// Results may differ from a plain multiply-add in the last bit; the tests compare with a tolerance for that.
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Four copies of the float at `ptr`. */
@inline export function splat(ptr: usize): v128 {
  return v128.load_splat<f32>(ptr);
}

/** The share [start, end) of `n` items that thread `tid` of `nt` takes (contiguous, sizes differing by at most one). */
@inline export function shareStart(n: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>n * <i64>tid) / <i64>nt);
}
