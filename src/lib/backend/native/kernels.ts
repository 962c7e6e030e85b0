/**
 * TensorFlow.js kernels for the wasm backend that run the project's own WASM module (native/assembly) on tfjs's heap:
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter for float32 NHWC at dilation 1, and batch norm in training
 * mode (BN_TRAIN and its gradient, new kernels the model asks for by name: src/lib/kernels.ts). Relaxed-SIMD multiply-add,
 * and a worker pool where tfjs's heap is shared. Anything else (NCHW, dilation, other dtypes, a backend the module was
 * not attached to) goes to the kernel registered before (stock or composed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BN_RELU_TRAIN, BN_RUNNING, BN_TRAIN, BN_TRAIN_GRAD, FLATTEN, RELU_GRAD, SUBTRACT_SLICES } from '../../kernels.ts';
import { batchNormInference, batchNormRunning, batchNormTrain, batchNormTrainGrad } from './batch-norm.ts';
import { conv2d, conv2dFilterGrad, conv2dInputGrad } from './conv.ts';
import { flatten, subtractSlices } from './flat.ts';
import { compileNative, instantiateNative } from './module.ts';
import { NativePool, type ThreadSpawner } from './pool.ts';
import { NativeRuntime, type WasmHeapBackend } from './runtime.ts';

const attached = new WeakMap<object, NativeRuntime>();

/**
 * Compiles and instantiates the module on a wasm backend's heap, with a pool of `threads` where the heap is shared
 * (started with `spawn`, default Web Workers). Null where this engine has no WASM SIMD: the composed kernels and
 * stock batch norm stay in use.
 */
export async function attachNative(backend: tf.KernelBackend, threads: number, spawn?: ThreadSpawner): Promise<NativeRuntime | null> {
  const existing = attached.get(backend);
  if (existing) return existing;
  const b = backend as unknown as WasmHeapBackend;
  const memory = b.wasm?.wasmMemory ?? b.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const native = await compileNative(shared);
  if (native == null) return null;
  const pool = shared ? await NativePool.start(native, memory, threads, spawn) : null;
  const rt = new NativeRuntime(b, instantiateNative(native, memory), pool, memory, `${native.variant}, ${pool?.threads ?? 1} thread(s)`);
  attached.set(backend, rt);
  return rt;
}

/** Off: every kernel here delegates (composed convolutions, stock batch norm), as on an engine without WASM SIMD. */
export const nativeSwitch = { enabled: true };

/** The module attached to `backend`, if any and switched on. */
export function nativeFor(backend: object): NativeRuntime | undefined {
  return nativeSwitch.enabled ? attached.get(backend) : undefined;
}

/** The module on the active backend, if that is wasm with the module attached and switched on. */
export function activeNative(): NativeRuntime | undefined {
  return tf.getBackend() === 'wasm' ? nativeFor(tf.backend()) : undefined;
}

/** The module behind a kernel call; `kernel` names the kernel in the error where it is missing. */
function attachedRuntime(backend: object, kernel: string): NativeRuntime {
  const rt = nativeFor(backend);
  if (rt == null) throw new Error(`${kernel}: the native module is not attached to this backend.`);
  return rt;
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

type Shape4 = [number, number, number, number];

/** Forward convolutions with fewer input channels stay with tfjs-wasm's XNNPACK, faster there (ResNet-20's stem; BENCHMARKS.md). */
const MIN_NATIVE_FORWARD_CHANNELS = 4;

function nhwcInfo(xShape: number[], filterShape: number[], a: ConvAttrs): tf.backend_util.Conv2DInfo | null {
  if (a.dataFormat === 'NCHW') return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  return info.dilationHeight === 1 && info.dilationWidth === 1 ? info : null;
}

function delegate(previous: tf.KernelConfig | undefined, name: string, args: Parameters<tf.KernelFunc>[0]) {
  if (previous == null) throw new Error(`${name} on 'wasm': no kernel for these arguments.`);
  return previous.kernelFunc(args);
}

/** The native convolution kernel `name` on 'wasm', delegating what it does not handle to `previous`. */
export function nativeKernel(name: string, previous: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: name,
    backendName: 'wasm',
    setupFunc: previous?.setupFunc,
    disposeFunc: previous?.disposeFunc,
    kernelFunc: (args) => {
      const rt = nativeFor(args.backend);
      const a = args.attrs as unknown as ConvAttrs;
      const ins = Object.values(args.inputs) as tf.TensorInfo[];
      if (rt == null || ins.some((t) => t.dtype !== 'float32')) return delegate(previous, name, args);
      if (name === tf.Conv2D) {
        const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
        const info = nhwcInfo(x.shape, filter.shape, a);
        // A stem with a handful of input channels (RGB) is faster in XNNPACK, whose loops suit short sums.
        return info && info.inChannels >= MIN_NATIVE_FORWARD_CHANNELS ? conv2d(rt, x, filter, info) : delegate(previous, name, args);
      }
      if (name === tf.Conv2DBackpropInput) {
        const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
        const info = a.inputShape ? nhwcInfo(a.inputShape, filter.shape, a) : null;
        return info ? conv2dInputGrad(rt, dy, filter, info) : delegate(previous, name, args);
      }
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const info = a.filterShape ? nhwcInfo(x.shape, a.filterShape, a) : null;
      return info ? conv2dFilterGrad(rt, x, dy, info) : delegate(previous, name, args);
    },
  };
}

interface BnAttrs {
  varianceEpsilon: number;
  /** BN_RELU_TRAIN: whether a residual input is given. */
  residual?: boolean;
}

/** Runs BN_TRAIN_GRAD for dy (masked by `mask` where given) and the saved tensors of a BN_TRAIN or BN_RELU_TRAIN call. */
function bnTrainGrad(
  dy: tf.Tensor, dmean: tf.Tensor | null | undefined, dvar: tf.Tensor | null | undefined, saved: tf.Tensor[], mask: tf.Tensor | null, attrs: tf.NamedAttrMap,
): tf.Tensor[] {
  const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const inputs: tf.NamedTensorMap = { dy, x, scale, mean, variance };
  if (dmean) inputs['dmean'] = dmean;
  if (dvar) inputs['dvar'] = dvar;
  if (mask) inputs['mask'] = mask;
  return tf.engine().runKernel(BN_TRAIN_GRAD, inputs, { varianceEpsilon: attrs['varianceEpsilon'] as number }) as tf.Tensor[];
}

/** FusedBatchNorm (given statistics) on 'wasm' in one native pass when every statistic is a [C] float vector. */
export function nativeFusedBatchNormKernel(previous: tf.KernelConfig): tf.KernelConfig {
  return {
    ...previous,
    kernelFunc: (args) => {
      const rt = nativeFor(args.backend);
      const i = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const x = i['x']!;
      const c = x.shape[x.shape.length - 1];
      const stats = [i['mean'], i['variance'], i['scale'], i['offset']].filter((t) => t != null);
      const fits = rt != null && x.dtype === 'float32' && stats.every((t) => t.dtype === 'float32' && t.shape.length === 1 && t.shape[0] === c);
      if (!fits || i['mean'] == null || i['variance'] == null) return previous.kernelFunc(args);
      const eps = (args.attrs as unknown as BnAttrs).varianceEpsilon;
      return batchNormInference(rt, x, i['mean'], i['variance'], i['scale'] ?? null, i['offset'] ?? null, eps);
    },
  };
}

/** The batch-norm kernels (training, with a fused block end, its gradient, the running update) and their gradients. */
export const nativeBatchNormConfigs: { kernels: tf.KernelConfig[]; gradients: tf.GradConfig[] } = {
  kernels: [
    {
      kernelName: BN_TRAIN,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { x, scale, offset } = inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; offset: tf.TensorInfo };
        return batchNormTrain(attachedRuntime(backend, BN_TRAIN), x, scale, offset, (attrs as unknown as BnAttrs).varianceEpsilon);
      },
    },
    {
      kernelName: BN_TRAIN_GRAD,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const i = inputs as Record<string, tf.TensorInfo | undefined>;
        return batchNormTrainGrad(
          attachedRuntime(backend, BN_TRAIN_GRAD), i['dy']!, i['x']!, i['scale']!, i['mean']!, i['variance']!, i['dmean'] ?? null, i['dvar'] ?? null,
          (attrs as unknown as BnAttrs).varianceEpsilon, i['mask'] ?? null,
        );
      },
    },
    {
      kernelName: BN_RELU_TRAIN,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { x, scale, offset, residual } = inputs as Record<string, tf.TensorInfo | undefined>;
        const a = attrs as unknown as BnAttrs;
        if ((residual != null) !== (a.residual === true)) throw new Error(`${BN_RELU_TRAIN}: attr residual (${a.residual}) must say whether a residual input is given.`);
        if (residual != null && !tf.util.arraysEqual(residual.shape, x!.shape)) throw new Error(`${BN_RELU_TRAIN}: residual ${residual.shape} must have x's shape ${x!.shape}.`);
        return batchNormTrain(attachedRuntime(backend, BN_RELU_TRAIN), x!, scale!, offset!, a.varianceEpsilon, { relu: true, residual: residual ?? null });
      },
    },
    {
      kernelName: BN_RUNNING,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { runningMean, runningVar, mean, variance } = inputs as Record<string, tf.TensorInfo>;
        const { momentum, count } = attrs as unknown as { momentum: number; count: number };
        return batchNormRunning(attachedRuntime(backend, BN_RUNNING), runningMean!, runningVar!, mean!, variance!, momentum, count);
      },
    },
  ],
  gradients: [
    {
      kernelName: BN_TRAIN,
      inputsToSave: ['x', 'scale'],
      outputsToSave: [false, true, true],
      gradFunc: (dys, saved, attrs) => {
        const [dy, dmean, dvar] = (Array.isArray(dys) ? dys : [dys]) as (tf.Tensor | null | undefined)[];
        const [dx, dscale, doffset] = bnTrainGrad(dy!, dmean, dvar, saved as tf.Tensor[], null, attrs as unknown as tf.NamedAttrMap);
        return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
      },
    },
    {
      // ReLU's gradient inside BN's two passes (mask: the saved output); with a residual, the masked dy is the
      // residual's gradient too, so it is made once (one pass) and BN's gradient takes it unmasked.
      kernelName: BN_RELU_TRAIN,
      inputsToSave: ['x', 'scale'],
      outputsToSave: [true, true, true],
      gradFunc: (dys, saved, attrs) => {
        const [x, scale, y, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const [dy, dmean, dvar] = (Array.isArray(dys) ? dys : [dys]) as (tf.Tensor | null | undefined)[];
        const a = attrs as unknown as tf.NamedAttrMap;
        if (a['residual'] !== true) {
          const [dx, dscale, doffset] = bnTrainGrad(dy!, dmean, dvar, [x, scale, mean, variance], y, a);
          return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
        }
        const g = tf.engine().runKernel(RELU_GRAD, { dy: dy!, x: y }) as tf.Tensor;
        const [dx, dscale, doffset] = bnTrainGrad(g, dmean, dvar, [x, scale, mean, variance], null, a);
        return { x: () => dx!, scale: () => dscale!, offset: () => doffset!, residual: () => g };
      },
    },
  ],
};

/** ReLU's gradient in one pass (dy where x > 0) on wasm with the module; stock formula (3 passes) elsewhere. */
export const nativeReluConfigs: { kernel: tf.KernelConfig; gradient: tf.GradConfig } = {
  kernel: {
    kernelName: RELU_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
      const rt = attachedRuntime(backend, RELU_GRAD);
      const dx = rt.output(x.shape);
      rt.run('reluGrad', [rt.addr(dy), rt.addr(x), rt.addr(dx), tf.util.sizeFromShape(x.shape)]);
      return dx;
    },
  },
  gradient: {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const g = dy as tf.Tensor;
      const native = x.dtype === 'float32' && activeNative() != null && tf.getKernel(RELU_GRAD, 'wasm') != null;
      return { x: () => (native ? (tf.engine().runKernel(RELU_GRAD, { dy: g, x }) as tf.Tensor) : tf.mul(g, tf.cast(tf.step(x), 'float32'))) };
    },
  },
};

/** The optimizer's flat-vector kernels (no gradients: the optimizer runs after the backward pass). */
const flatKernels: tf.KernelConfig[] = [
  { kernelName: FLATTEN, backendName: 'wasm', kernelFunc: ({ inputs, backend }) => flatten(attachedRuntime(backend, FLATTEN), inputs, FLATTEN) },
  {
    kernelName: SUBTRACT_SLICES,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => subtractSlices(attachedRuntime(backend, SUBTRACT_SLICES), inputs, SUBTRACT_SLICES),
  },
];

/** The kernels the module adds under names of its own (registered on wasm beside the replaced stock ones). */
export const nativeOwnKernels: readonly tf.KernelConfig[] = [...nativeBatchNormConfigs.kernels, nativeReluConfigs.kernel, ...flatKernels];

/**
 * Registers the module's own kernels on 'wasm' while the wasm backend has the module attached and switched on, and
 * unregisters them otherwise: the model asks for them by name, so a registered kernel must be able to run.
 */
export function syncOwnKernels(): void {
  // The registry, not tf.findBackend: reading it starts no backend.
  const wasm = tf.engine().registry['wasm'];
  const on = wasm != null && nativeFor(wasm) != null;
  for (const k of nativeOwnKernels) {
    const registered = tf.getKernel(k.kernelName, 'wasm') != null;
    if (on && !registered) tf.registerKernel(k);
    else if (!on && registered) tf.unregisterKernel(k.kernelName, 'wasm');
  }
}
