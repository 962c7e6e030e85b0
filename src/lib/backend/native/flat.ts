/**
 * The optimizer's flat-vector kernels (src/lib/kernels.ts FLATTEN, SUBTRACT_SLICES) on the wasm heap: one kernel call
 * instead of a reshape per parameter and a concat, or a split, a reshape and a subtraction per parameter. Small nets
 * (the degradation race's 170 parameter tensors) spent more on those ~700 calls than on their arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeRuntime } from './runtime.ts';

function numberedInputs(inputs: tf.NamedTensorInfoMap, kernel: string): tf.TensorInfo[] {
  const out: tf.TensorInfo[] = [];
  for (let i = 0; inputs[`t${i}`] != null; i++) out.push(inputs[`t${i}`]!);
  if (out.length === 0) throw new Error(`${kernel}: no inputs t0, t1, ...`);
  if (out.some((t) => t.dtype !== 'float32')) throw new Error(`${kernel}: every input must be float32.`);
  return out;
}

/** FLATTEN: the inputs t0, t1, ... copied one after another into a [total] vector. */
export function flatten(rt: NativeRuntime, inputs: tf.NamedTensorInfoMap, kernel: string): tf.TensorInfo {
  const parts = numberedInputs(inputs, kernel);
  const sizes = parts.map((t) => tf.util.sizeFromShape(t.shape));
  const out = rt.output([sizes.reduce((a, b) => a + b, 0)]);
  let at = rt.addr(out);
  parts.forEach((t, i) => {
    // Made after the output: a view of the heap is valid only until the heap grows.
    rt.floats(at, sizes[i]!).set(rt.floats(rt.addr(t), sizes[i]!));
    at += 4 * sizes[i]!;
  });
  return out;
}

/** SUBTRACT_SLICES: t_i - its slice of delta, each in t_i's shape (float32 subtraction, as tf.sub). */
export function subtractSlices(rt: NativeRuntime, inputs: tf.NamedTensorInfoMap, kernel: string): tf.TensorInfo[] {
  const parts = numberedInputs(inputs, kernel);
  const delta = inputs['delta'];
  const sizes = parts.map((t) => tf.util.sizeFromShape(t.shape));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (delta == null || delta.dtype !== 'float32' || tf.util.sizeFromShape(delta.shape) !== total) {
    throw new Error(`${kernel}: delta must be a float32 vector of ${total} values (the inputs' sizes added up).`);
  }
  const outs = parts.map((t) => rt.output(t.shape));
  const d = rt.floats(rt.addr(delta), total);
  let offset = 0;
  parts.forEach((t, i) => {
    const n = sizes[i]!;
    const [p, o] = [rt.floats(rt.addr(t), n), rt.floats(rt.addr(outs[i]!), n)];
    // A float64 difference of two float32 values rounds to the float32 difference: the same bits as tf.sub.
    for (let j = 0; j < n; j++) o[j] = p[j]! - d[offset + j]!;
    offset += n;
  });
  return outs;
}
