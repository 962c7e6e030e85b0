/**
 * Two tfjs-wasm kernels that copied far more than needed:
 * - Identity copied its input, and tfjs-core clones (Identity) every tensor it saves for the backward pass: ~80
 *   activation-sized copies per ResNet-20 training step. Tensors are immutable (a variable's assign swaps its data, it
 *   does not write into it), so sharing the data with a reference count, as Reshape and tfjs-cpu's Identity do, is enough.
 * - SplitV sliced each piece through Slice, which reads the whole input back (a full copy) per piece: the optimizer's
 *   split of the flat parameter vector into 65 tensors copied it 65 times. Pieces along the outermost non-unit axis are
 *   contiguous, so each is one copy of its own bytes.
 */
import * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  incRef(dataId: object): void;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  wasm: { HEAPU8: Uint8Array };
}

/** Identity sharing the input's data (string tensors go to the stock kernel). */
export function identityKernel(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/** SplitV copying contiguous pieces directly; other splits go to the stock kernel. */
export function splitVKernel(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const bytes = BYTES[x.dtype];
      if (bytes == null || x.shape.slice(0, ax).some((d) => d !== 1)) return original.kernelFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      const inner = tf.util.sizeFromShape(x.shape.slice(ax + 1)) * bytes;
      let from = backend.dataIdMap.get(x.dataId)!.memoryOffset;
      return sizes.map((s) => {
        const shape = [...x.shape];
        shape[ax] = s;
        const out = backend.makeOutput(shape, x.dtype);
        const to = backend.dataIdMap.get(out.dataId)!.memoryOffset;
        // After makeOutput: allocating may grow the heap and replace HEAPU8.
        backend.wasm.HEAPU8.copyWithin(to, from, from + s * inner);
        from += s * inner;
        return out;
      });
    },
  };
}
