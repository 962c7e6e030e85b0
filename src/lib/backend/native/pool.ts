/**
 * A pool of workers that run the native kernels on TensorFlow.js's shared WASM heap (threaded tfjs-wasm, in a
 * cross-origin isolated page or worker). Each worker instantiates the module on the same memory; a call writes the
 * function id and its integer arguments to a small shared control block, wakes the workers, does thread 0's share on
 * the calling thread and waits for the others. Results do not depend on the thread count (conv.ts).
 * The threads come from the host: Web Workers by default, or a spawner the host passes (Node's worker_threads, from
 * scripts/lib/node-wasm-threads.ts). Without threads or shared memory (pages that are not isolated) there is no pool
 * and calls run on one thread.
 */
import { POOL_FUNCTIONS, type NativeExports, type NativeModule, type PoolFunction } from './module.ts';

// Control block (Int32 slots).
const FN = 0;
const NT = 1;
const GEN = 2;
const DONE = 3;
const READY = 4;
const NARGS = 5;
const FAILED = 6;
const ARGS = 8;
const MAX_ARGS = 24;
/** How long a call waits for its workers before it gives up on the pool (a worker that died would hang it). */
const CALL_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 10_000;

/** A thread of the pool, as the host gives it: a Web Worker, or anything with the same two methods. */
export interface PoolThread {
  postMessage(message: unknown): void;
  terminate(): void;
}

/**
 * Starts a thread running `source`, plain JavaScript that sets `self.onmessage` and is then sent one message (its
 * `data`: the module, the shared memory and control block, the thread's index); throws if it cannot.
 */
export type ThreadSpawner = (source: string) => PoolThread;

/** Web Workers made from the source as a Blob URL; null where the host has no Worker (give a spawner there). */
export function webWorkerSpawner(): ThreadSpawner | null {
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return null;
  return (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    try {
      return new Worker(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  };
}

// The workers' code, as a string so that it needs no bundler support; plain JavaScript.
const WORKER_SOURCE = `
const NAMES = ${JSON.stringify(POOL_FUNCTIONS)};
self.onmessage = (e) => {
  const { module, memory, control, index } = e.data;
  const fns = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const c = new Int32Array(control);
  let gen = Atomics.load(c, ${GEN});
  Atomics.add(c, ${READY}, 1);
  for (;;) {
    Atomics.wait(c, ${GEN}, gen);
    gen = Atomics.load(c, ${GEN});
    const args = Array.from(c.subarray(${ARGS}, ${ARGS} + c[${NARGS}]));
    try { fns[NAMES[c[${FN}]]](...args, index, c[${NT}]); } catch (err) { Atomics.store(c, ${FAILED}, 1); }
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
};`;

export class NativePool {
  private readonly control: Int32Array;
  private readonly workers: PoolThread[];
  private usable = true;

  private constructor(workers: PoolThread[], buffer: SharedArrayBuffer) {
    this.workers = workers;
    this.control = new Int32Array(buffer);
  }

  /** Threads a call uses: the workers plus the calling thread. */
  get threads(): number {
    return this.usable ? this.workers.length + 1 : 1;
  }

  /**
   * Starts threads - 1 workers on `memory` (shared) with `spawn` (default: Web Workers); null where there is no way to
   * start threads, the memory is not shared, or the workers did not start in time.
   */
  static async start(native: NativeModule, memory: WebAssembly.Memory, threads: number, spawn = webWorkerSpawner()): Promise<NativePool | null> {
    const canShare = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    if (threads < 2 || !canShare || spawn == null) return null;
    const buffer = new SharedArrayBuffer((ARGS + MAX_ARGS) * 4);
    const workers: PoolThread[] = [];
    try {
      for (let i = 1; i < threads; i++) {
        const w = spawn(WORKER_SOURCE);
        workers.push(w);
        w.postMessage({ module: native.module, memory, control: buffer, index: i });
      }
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    const pool = new NativePool(workers, buffer);
    const started = performance.now();
    while (Atomics.load(pool.control, READY) < workers.length) {
      if (performance.now() - started > START_TIMEOUT_MS) {
        pool.terminate();
        return null;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    return pool;
  }

  /** Runs `fn(...args, tid, nt)` on every thread; `local` is the calling thread's instance. */
  run(local: NativeExports, fn: PoolFunction, args: readonly number[]): void {
    const nt = this.threads;
    if (nt === 1) {
      (local[fn] as (...a: number[]) => void)(...args, 0, 1);
      return;
    }
    if (args.length > MAX_ARGS) throw new Error(`NativePool: ${args.length} arguments, at most ${MAX_ARGS}.`);
    const c = this.control;
    c[FN] = POOL_FUNCTIONS.indexOf(fn);
    c[NT] = nt;
    c[NARGS] = args.length;
    for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i] ?? 0;
    Atomics.store(c, DONE, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    (local[fn] as (...a: number[]) => void)(...args, 0, nt);
    const started = performance.now();
    let spins = 0;
    while (Atomics.load(c, DONE) < nt - 1) {
      if (++spins % 4096 === 0 && performance.now() - started > CALL_TIMEOUT_MS) {
        this.terminate();
        throw new Error('Native kernels: a worker thread did not finish in time; the pool is shut down (one thread from now on).');
      }
    }
    if (Atomics.load(c, FAILED) !== 0) {
      this.terminate();
      throw new Error('Native kernels: a worker thread failed; the pool is shut down (one thread from now on).');
    }
  }

  terminate(): void {
    this.usable = false;
    for (const w of this.workers) w.terminate();
  }
}
