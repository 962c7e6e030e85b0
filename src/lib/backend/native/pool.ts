/**
 * A pool of workers that run the native kernels on TensorFlow.js's shared WASM heap (threaded tfjs-wasm, in a
 * cross-origin isolated page or worker). Each worker instantiates the module on the same memory; a call writes the
 * function id and its integer arguments to a small shared control block, wakes the workers, does thread 0's share on
 * the calling thread and waits for the others. Results do not depend on the thread count (conv.ts).
 * Without Worker or SharedArrayBuffer (Node, pages that are not isolated) there is no pool and calls run on one thread.
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
  private readonly workers: Worker[];
  private usable = true;

  private constructor(workers: Worker[], buffer: SharedArrayBuffer) {
    this.workers = workers;
    this.control = new Int32Array(buffer);
  }

  /** Threads a call uses: the workers plus the calling thread. */
  get threads(): number {
    return this.usable ? this.workers.length + 1 : 1;
  }

  /**
   * Starts threads - 1 workers on `memory` (shared); null where workers or shared memory are missing, or the workers
   * did not start in time.
   */
  static async start(native: NativeModule, memory: WebAssembly.Memory, threads: number): Promise<NativePool | null> {
    const canShare = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    if (threads < 2 || !canShare || typeof Worker !== 'function' || typeof Blob !== 'function') return null;
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const buffer = new SharedArrayBuffer((ARGS + MAX_ARGS) * 4);
    const workers: Worker[] = [];
    try {
      for (let i = 1; i < threads; i++) {
        const w = new Worker(url);
        w.postMessage({ module: native.module, memory, control: buffer, index: i });
        workers.push(w);
      }
    } finally {
      URL.revokeObjectURL(url);
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
