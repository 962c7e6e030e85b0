/**
 * Threads for the wasm backend in Node: tfjs-backend-wasm's threaded build (so tfjs's heap is a SharedArrayBuffer and
 * XNNPACK runs on pthreads) and the project's native pool on that heap, as in a cross-origin isolated page.
 *
 * tfjs-wasm 4.22 hands emscripten its pthread script and its own factory as Blobs, made for browsers: the worker script
 * as a blob: URL (`new Worker(url)`; Node's Worker takes only files or code) and the factory as a Blob in each
 * worker's 'load' message (which the worker turns into a blob: URL and reads with `fs.readFileSync`). installPthreads
 * makes both work, with no files: it remembers the text of JavaScript Blobs built from strings and of their object
 * URLs, and gives emscripten a Worker that starts such a URL's text as code and sends the factory's text in place of
 * its Blob. Emscripten assigns worker_threads' Worker to `globalThis.Worker` when the factory runs; the global is an
 * accessor that keeps this one. tfjs's threads wait for work forever: they never keep the process alive.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker as NodeWorker, type WorkerOptions } from 'node:worker_threads';
import { setupBackend, type BackendName, type PoolThread, type ThreadSpawner } from '../../src/lib/backend/index.ts';

const JS_TYPES = new Set(['application/javascript', 'text/javascript']);
/** Text of JavaScript Blobs made of strings, and of the object URLs made for them. */
const blobTexts = new WeakMap<Blob, string>();
const urlTexts = new Map<string, string>();

/** Marks the factory in a rewritten 'load' message (urlOrBlob) for the code appended to the pthread script. */
const FACTORY_MARK = 'resnet-lab:threaded-factory';
/**
 * Appended to emscripten's pthread script (plain JavaScript, strict): a 'load' message carrying the factory's text
 * (`factorySource`) loads it through the script's own importScripts, by evaluation instead of a file read. The text
 * names variables of the bundle it was cut from (`commonjsGlobal`, the bundle's `require$$N` for fs, path, os...):
 * `factoryModules` maps each such name to the module it stands for.
 */
const PTHREAD_APPENDIX = `
;{
  const readFile = importScripts;
  let factory = '';
  let modules = {};
  importScripts = (f) => {
    if (f !== ${JSON.stringify(FACTORY_MARK)}) return readFile(f);
    const names = Object.keys(modules);
    const make = new Function('commonjsGlobal', ...names, factory + '\\nreturn WasmBackendModuleThreadedSimd;\\n//# sourceURL=tfjs-backend-wasm-threaded-simd.js');
    globalThis.WasmBackendModuleThreadedSimd = make(globalThis, ...names.map((n) => require(modules[n])));
  };
  const handle = self.onmessage;
  self.onmessage = (e) => {
    if (e.data && e.data.cmd === 'load' && typeof e.data.factorySource === 'string') {
      factory = e.data.factorySource;
      modules = e.data.factoryModules;
      e.data.urlOrBlob = ${JSON.stringify(FACTORY_MARK)};
    }
    return handle(e);
  };
}`;

let bundleRequires: Map<string, string> | null = null;

/** The modules behind the `require$$N` names in `source`, as tfjs-wasm's Node bundle declares them. */
function factoryModules(source: string): Record<string, string> {
  const names = new Set(source.match(/\brequire\$\$\d+\b/g));
  if (names.size === 0) return {};
  if (bundleRequires === null) {
    const bundle = readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
    bundleRequires = new Map([...bundle.matchAll(/^var (require\$\$\d+) = require\('([^']+)'\);$/gm)].map((m) => [m[1]!, m[2]!]));
  }
  const modules: Record<string, string> = {};
  for (const name of names) {
    const id = bundleRequires.get(name);
    if (id === undefined) throw new Error(`tfjs-backend-wasm's threaded factory uses ${name}, which its Node bundle does not declare; re-check scripts/lib/node-wasm-threads.ts against the installed version.`);
    modules[name] = id;
  }
  return modules;
}

/** worker_threads' Worker as emscripten's pthreads need it in Node (see the file's comment). */
class PthreadWorker extends NodeWorker {
  constructor(file: string | URL, options?: WorkerOptions) {
    const text = typeof file === 'string' ? urlTexts.get(file) : undefined;
    super(text === undefined ? file : text + PTHREAD_APPENDIX, text === undefined ? options : { ...options, eval: true });
    super.unref();
  }

  override postMessage(message: unknown, transfer?: Parameters<NodeWorker['postMessage']>[1]): void {
    const m = message as { cmd?: unknown; urlOrBlob?: unknown } | null;
    const factory = m?.cmd === 'load' && m.urlOrBlob instanceof Blob ? blobTexts.get(m.urlOrBlob) : undefined;
    super.postMessage(factory === undefined ? message : { ...m, urlOrBlob: null, factorySource: factory, factoryModules: factoryModules(factory) }, transfer);
  }

  /** Emscripten refs a worker while its pthread runs; XNNPACK's pthreads run (idle) until the process ends. */
  override ref(): void {}
}

let installed = false;

/** Installs the Blob, object URL and Worker shims tfjs-wasm's threaded build needs in Node (idempotent). */
export function installPthreads(): void {
  if (installed) return;
  installed = true;
  const NativeBlob = globalThis.Blob;
  class TextBlob extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts !== undefined && JS_TYPES.has(this.type) && parts.every((p) => typeof p === 'string')) blobTexts.set(this, parts.join(''));
    }
    /** Blobs made by Node itself (fetch, Response) are still Blobs. */
    static override [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof NativeBlob;
    }
  }
  globalThis.Blob = TextBlob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  const revokeObjectURL = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (obj) => {
    const url = createObjectURL(obj);
    const text = obj instanceof NativeBlob ? blobTexts.get(obj) : undefined;
    if (text !== undefined) urlTexts.set(url, text);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    urlTexts.delete(url);
    revokeObjectURL(url);
  };
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => PthreadWorker, set: () => {} });
}

/** Code run before the pool's source in a worker thread: Node's parentPort as a Web Worker's self.onmessage. */
const POOL_PRELUDE = `"use strict";
globalThis.self = globalThis;
require('node:worker_threads').parentPort.on('message', (data) => self.onmessage({ data }));
`;

/** The native pool's threads in Node: worker_threads running the pool's source; they never keep the process alive. */
export const nodeThreadSpawner: ThreadSpawner = (source): PoolThread => {
  const w = new NodeWorker(POOL_PRELUDE + source, { eval: true });
  w.unref();
  // Without a listener an error in the thread would throw in the main thread; the pool notices the thread is gone.
  w.on('error', (e) => console.error(`Native kernels: a worker thread failed: ${e.message}`));
  return w;
};

/**
 * Runs `start` while os.cpus() lists at least `cores` entries. In Node, tfjs-wasm reads the core count from os.cpus()
 * (not navigator) and caps its threads at half of it while it initialises (src/lib/backend/wasm-threads.ts).
 */
async function withCpuCount<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const mutable = os as { cpus: typeof os.cpus };
  const cpus = mutable.cpus;
  if (cpus().length >= cores) return start();
  mutable.cpus = () => {
    const real = cpus();
    return Array.from({ length: cores }, (_, i) => real[i % real.length]!);
  };
  try {
    return await start();
  } finally {
    mutable.cpus = cpus;
  }
}

/** Threads to use when the caller gives none: every core Node may use. */
export function defaultNodeThreads(): number {
  return os.availableParallelism();
}

/**
 * setupBackend for Node command lines and tests: wasm on `threads` threads (default every core), tfjs's and the
 * project's kernels alike, with results identical for any count; one thread uses the single-threaded binary.
 */
export async function setupNodeBackend(name: BackendName, opts: { threads?: number; nativeKernels?: boolean } = {}): Promise<BackendName> {
  const threads = opts.threads ?? defaultNodeThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}.`);
  if (name !== 'wasm' || threads === 1) return setupBackend(name, { wasmThreads: false, nativeKernels: opts.nativeKernels });
  installPthreads();
  return withCpuCount(2 * threads, () => setupBackend(name, { threadsCount: threads, spawnThread: nodeThreadSpawner, nativeKernels: opts.nativeKernels }));
}
