/**
 * Loads the project's own WASM kernel module (native/assembly, built into binaries.ts) against TensorFlow.js's WASM
 * heap: the module imports that memory, so the kernels read and write tensors where tfjs keeps them, with no copies.
 * The relaxed-SIMD variant (fused multiply-add) is used where the engine validates it, else plain SIMD; an engine
 * without WASM SIMD gets null, and the caller keeps the composed kernels.
 */
import { NATIVE_BINARIES } from './binaries.ts';

/** The module's exports; addresses are byte offsets into the imported memory, (tid, nt) a thread's share. */
export interface NativeExports {
  conv2d(...args: number[]): void;
  conv2dInputGrad(...args: number[]): void;
  conv2dFilterGrad(...args: number[]): void;
  sumChunks(...args: number[]): void;
  shiftedSums(...args: number[]): void;
  gradSums(...args: number[]): void;
  channelAffine(...args: number[]): void;
  channelAffine2(...args: number[]): void;
  reluGrad(...args: number[]): void;
  winograd3x3(...args: number[]): void;
  winogradFilter(w: number, u: number, k: number, n: number, flipped: number): void;
  winogradScratchBytes(w: number, k: number, n: number): number;
  winogradFilterGrad(...args: number[]): void;
  winogradFilterGradFinish(...args: number[]): void;
  winogradGradScratchBytes(w: number, k: number, n: number): number;
  transposeFilter(w: number, wT: number, taps: number, cin: number, cout: number): void;
  scratchBytes(kh: number, kw: number): number;
}

/** The functions a worker pool can run; their index is the id workers read. */
export const POOL_FUNCTIONS = [
  'conv2d', 'conv2dInputGrad', 'conv2dFilterGrad', 'sumChunks',
  'shiftedSums', 'gradSums', 'channelAffine', 'channelAffine2', 'reluGrad', 'winograd3x3',
  'winogradFilterGrad', 'winogradFilterGradFinish',
] as const;
export type PoolFunction = (typeof POOL_FUNCTIONS)[number];

export interface NativeModule {
  readonly module: WebAssembly.Module;
  readonly variant: keyof typeof NATIVE_BINARIES;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Compiles one variant (tests compare the plain-SIMD one with the relaxed one the engine picks). */
export async function compileVariant(variant: keyof typeof NATIVE_BINARIES): Promise<NativeModule> {
  return { module: await WebAssembly.compile(decode(NATIVE_BINARIES[variant])), variant };
}

/** Compiles the best variant this engine accepts for a shared or unshared memory; null without WASM SIMD. */
export async function compileNative(sharedMemory: boolean): Promise<NativeModule | null> {
  const order = sharedMemory ? (['relaxed-shared', 'simd-shared'] as const) : (['relaxed', 'simd'] as const);
  for (const variant of order) {
    const bytes = decode(NATIVE_BINARIES[variant]);
    if (!WebAssembly.validate(bytes)) continue;
    return { module: await WebAssembly.compile(bytes), variant };
  }
  return null;
}

/** An instance of the module on `memory` (TensorFlow.js's heap). */
export function instantiateNative(native: NativeModule, memory: WebAssembly.Memory): NativeExports {
  const instance = new WebAssembly.Instance(native.module, { env: { memory } });
  return instance.exports as unknown as NativeExports;
}
