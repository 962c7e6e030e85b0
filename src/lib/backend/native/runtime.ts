/**
 * The native module attached to one tfjs-wasm backend: the calling thread's instance, the worker pool (if any), blocks
 * of scratch on tfjs's heap, and the addresses of tensors there. conv.ts and batch-norm.ts run their kernels through it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeExports, PoolFunction } from './module.ts';
import type { NativePool } from './pool.ts';

/** The parts of tfjs-wasm's BackendWasm the native kernels use. */
export interface WasmHeapBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/**
 * Pieces that sums over pixels or rows (weight gradients, batch-norm statistics) are taken in, then added in order:
 * fixed, so results do not depend on the thread count; 12 divides evenly among 1, 2, 3, 4 or 6 threads.
 */
export const SUM_CHUNKS = 12;

/** A block of tfjs's heap kept between calls (grown, never shrunk). */
class Scratch {
  private ptr = 0;
  private bytes = 0;
  private readonly runtime: NativeRuntime;
  private readonly zeroed: boolean;
  constructor(runtime: NativeRuntime, zeroed: boolean) {
    this.runtime = runtime;
    this.zeroed = zeroed;
  }
  get(bytes: number): number {
    if (bytes > this.bytes) {
      const wasm = this.runtime.backend.wasm;
      if (this.ptr !== 0) wasm._free(this.ptr);
      this.bytes = Math.max(bytes, 2 * this.bytes);
      this.ptr = wasm._malloc(this.bytes) >>> 0;
      if (this.ptr === 0) throw new Error(`Native kernels: out of WASM memory (asked for ${this.bytes} bytes).`);
      if (this.zeroed) new Uint8Array(this.runtime.memory.buffer, this.ptr, this.bytes).fill(0);
    }
    return this.ptr;
  }
}

export class NativeRuntime {
  readonly backend: WasmHeapBackend;
  readonly fns: NativeExports;
  readonly memory: WebAssembly.Memory;
  private readonly pool: NativePool | null;
  private readonly scratch = new Map<string, Scratch>();
  /** What runs, for the bench and the page: e.g. "relaxed-shared, 2 thread(s)". */
  readonly description: string;

  constructor(backend: WasmHeapBackend, fns: NativeExports, pool: NativePool | null, memory: WebAssembly.Memory, description: string) {
    this.backend = backend;
    this.fns = fns;
    this.pool = pool;
    this.memory = memory;
    this.description = description;
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** The heap address of a tensor's data. */
  addr(t: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(t.dataId);
    if (data == null) throw new Error('Native kernels: a tensor is not on the wasm backend.');
    return data.memoryOffset;
  }

  /** A float view of the heap (made afresh: the heap's buffer changes when it grows). */
  floats(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  output(shape: number[]): tf.TensorInfo {
    return this.backend.makeOutput(shape, 'float32');
  }

  /** Scratch block `name` of at least `bytes`; `zeroed` blocks are zero when made and must never be written. */
  block(name: string, bytes: number, zeroed = false): number {
    let s = this.scratch.get(name);
    if (s == null) this.scratch.set(name, (s = new Scratch(this, zeroed)));
    return s.get(bytes);
  }

  /** Runs fn(...args, tid, nt) on every thread of the pool, or on this thread alone. */
  run(fn: PoolFunction, args: number[]): void {
    if (this.pool) this.pool.run(this.fns, fn, args);
    else (this.fns[fn] as (...a: number[]) => void)(...args, 0, 1);
  }
}
