/**
 * TensorFlow.js kernels for the wasm backend that run the project's own convolution code (native/assembly) on
 * tfjs's heap: Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter for float32 NHWC tensors at dilation 1, with
 * relaxed-SIMD multiply-add and a worker pool where tfjs's heap is shared. Anything else (NCHW, dilation, other dtypes,
 * a backend the module was not attached to) goes to the kernel registered before (stock or composed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { compileNative, instantiateNative, type NativeExports, type PoolFunction } from './module.ts';
import { NativePool } from './pool.ts';

/** The parts of tfjs-wasm's BackendWasm these kernels use. */
interface WasmHeapBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Pieces the weight gradient is summed in: fixed, so the result does not depend on the thread count; divides 1-4, 6. */
const FILTER_GRAD_CHUNKS = 12;

type Info = tf.backend_util.Conv2DInfo;

/** A block of tfjs's heap the kernels keep between calls (grown, never shrunk). */
class Scratch {
  private ptr = 0;
  private bytes = 0;
  private readonly backend: WasmHeapBackend;
  private readonly zeroed: boolean;
  private readonly memory: WebAssembly.Memory;
  constructor(backend: WasmHeapBackend, zeroed: boolean, memory: WebAssembly.Memory) {
    this.backend = backend;
    this.zeroed = zeroed;
    this.memory = memory;
  }
  get(bytes: number): number {
    if (bytes > this.bytes) {
      if (this.ptr !== 0) this.backend.wasm._free(this.ptr);
      this.bytes = Math.max(bytes, 2 * this.bytes);
      this.ptr = this.backend.wasm._malloc(this.bytes) >>> 0;
      if (this.ptr === 0) throw new Error(`Native kernels: out of WASM memory (asked for ${this.bytes} bytes).`);
      if (this.zeroed) new Uint8Array(this.memory.buffer, this.ptr, this.bytes).fill(0);
    }
    return this.ptr;
  }
}

export class NativeConv {
  private readonly tables: Scratch;
  private readonly zero: Scratch;
  private readonly work: Scratch;
  private readonly backend: WasmHeapBackend;
  private readonly fns: NativeExports;
  private readonly pool: NativePool | null;
  /** What runs, for the bench and the page: e.g. "relaxed-shared, 2 thread(s)". */
  readonly description: string;

  constructor(backend: WasmHeapBackend, fns: NativeExports, pool: NativePool | null, memory: WebAssembly.Memory, description: string) {
    this.backend = backend;
    this.fns = fns;
    this.pool = pool;
    this.description = description;
    this.tables = new Scratch(backend, false, memory);
    this.zero = new Scratch(backend, true, memory);
    this.work = new Scratch(backend, false, memory);
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  private addr(t: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(t.dataId);
    if (data == null) throw new Error('Native kernels: a tensor is not on the wasm backend.');
    return data.memoryOffset;
  }

  private run(fn: PoolFunction, args: number[]): void {
    if (this.pool) this.pool.run(this.fns, fn, args);
    else (this.fns[fn] as (...a: number[]) => void)(...args, 0, 1);
  }

  private geometry(info: Info): number[] {
    return [
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    ];
  }

  private tableScratch(info: Info): number {
    return this.tables.get(this.threads * this.fns.scratchBytes(info.filterHeight, info.filterWidth));
  }

  conv2d(x: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
    const out = this.backend.makeOutput(info.outShape, 'float32');
    if (tf.util.sizeFromShape(info.outShape) === 0) return out;
    const zero = this.zero.get(4 * Math.max(info.inChannels, info.outChannels));
    this.run('conv2d', [this.addr(x), this.addr(filter), this.addr(out), ...this.geometry(info), zero, this.tableScratch(info)]);
    return out;
  }

  inputGrad(dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo {
    const dx = this.backend.makeOutput(info.inShape, 'float32');
    if (tf.util.sizeFromShape(info.inShape) === 0) return dx;
    const taps = info.filterHeight * info.filterWidth;
    const wT = this.work.get(4 * taps * info.inChannels * info.outChannels);
    this.fns.transposeFilter(this.addr(filter), wT, taps, info.inChannels, info.outChannels, 0);
    const zero = this.zero.get(4 * Math.max(info.inChannels, info.outChannels));
    this.run('conv2dInputGrad', [this.addr(dy), wT, this.addr(dx), ...this.geometry(info), zero, this.tableScratch(info)]);
    return dx;
  }

  filterGrad(x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo {
    const shape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
    const out = this.backend.makeOutput(shape, 'float32');
    const size = tf.util.sizeFromShape(shape);
    const rows = info.batchSize * info.outHeight;
    const chunks = Math.max(1, Math.min(FILTER_GRAD_CHUNKS, rows));
    const partial = chunks === 1 ? this.addr(out) : this.work.get(4 * size * chunks);
    this.run('conv2dFilterGrad', [this.addr(x), this.addr(dy), partial, ...this.geometry(info), chunks]);
    if (chunks > 1) this.run('sumChunks', [partial, this.addr(out), size, chunks]);
    return out;
  }
}

const attached = new WeakMap<object, NativeConv>();

/**
 * Compiles and instantiates the module on a wasm backend's heap, with a pool of `threads` where the heap is shared.
 * Returns the kernels' description, or null where this engine has no WASM SIMD (the composed kernels stay in use).
 */
export async function attachNative(backend: tf.KernelBackend, threads: number): Promise<NativeConv | null> {
  const existing = attached.get(backend);
  if (existing) return existing;
  const b = backend as unknown as WasmHeapBackend;
  const memory = b.wasm?.wasmMemory ?? b.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const native = await compileNative(shared);
  if (native == null) return null;
  const pool = shared ? await NativePool.start(native, memory, threads) : null;
  const conv = new NativeConv(b, instantiateNative(native, memory), pool, memory, `${native.variant}, ${pool?.threads ?? 1} thread(s)`);
  attached.set(backend, conv);
  return conv;
}

/** The kernels attached to `backend`, if any. */
export function nativeFor(backend: object): NativeConv | undefined {
  return attached.get(backend);
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

function nhwcInfo(xShape: number[], filterShape: number[], a: ConvAttrs): Info | null {
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

/** The native kernel for `name` on 'wasm', delegating what it does not handle to `previous`. */
export function nativeKernel(name: string, previous: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: name,
    backendName: 'wasm',
    setupFunc: previous?.setupFunc,
    disposeFunc: previous?.disposeFunc,
    kernelFunc: (args) => {
      const conv = nativeFor(args.backend);
      const a = args.attrs as unknown as ConvAttrs;
      const ins = Object.values(args.inputs) as tf.TensorInfo[];
      if (conv == null || ins.some((t) => t.dtype !== 'float32')) return delegate(previous, name, args);
      if (name === tf.Conv2D) {
        const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
        const info = nhwcInfo(x.shape, filter.shape, a);
        return info ? conv.conv2d(x, filter, info) : delegate(previous, name, args);
      }
      if (name === tf.Conv2DBackpropInput) {
        const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
        const info = a.inputShape ? nhwcInfo(a.inputShape, filter.shape, a) : null;
        return info ? conv.inputGrad(dy, filter, info) : delegate(previous, name, args);
      }
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const info = a.filterShape ? nhwcInfo(x.shape, a.filterShape, a) : null;
      return info ? conv.filterGrad(x, dy, info) : delegate(previous, name, args);
    },
  };
}
