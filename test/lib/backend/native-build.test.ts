/**
 * The committed WASM kernel module (src/lib/backend/native/binaries.ts) is what scripts/build-native.ts builds from
 * native/assembly, and each of its four variants is a module the JS side can load: valid here, importing exactly
 * TensorFlow.js's memory (shared or not, as its name says), exporting every function the runtime and the pool call.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NATIVE_BINARIES } from '../../../src/lib/backend/native/binaries.ts';
import { POOL_FUNCTIONS } from '../../../src/lib/backend/native/module.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VARIANTS = Object.keys(NATIVE_BINARIES) as (keyof typeof NATIVE_BINARIES)[];
/** Called on the calling thread only, outside the pool (native/conv.ts). */
const DIRECT_FUNCTIONS = ['transposeFilter', 'scratchBytes'];

const bytes = (variant: keyof typeof NATIVE_BINARIES): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(NATIVE_BINARIES[variant], 'base64'));
const memory = (shared: boolean) => new WebAssembly.Memory({ initial: 1, maximum: 65536, shared });

describe('the native kernel module', () => {
  it('binaries.ts is current: scripts/build-native.ts --check rebuilds it from native/assembly and finds no change', () => {
    const r = spawnSync(process.execPath, ['scripts/build-native.ts', '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    expect(r.error, 'the build could not run').toBeUndefined();
    expect(r.status, `build-native.ts --check: ${r.stderr}${r.stdout}`).toBe(0);
    expect(r.stdout).toContain('matches native/assembly');
  });

  it('has the four variants: relaxed or plain SIMD, with shared or unshared memory', () => {
    expect([...VARIANTS].sort()).toEqual(['relaxed', 'relaxed-shared', 'simd', 'simd-shared']);
    // Distinct builds, not one binary under four names.
    expect(new Set(VARIANTS.map((v) => NATIVE_BINARIES[v])).size).toBe(4);
  });

  it.each(VARIANTS)('%s validates and imports exactly env.memory', (variant) => {
    const b = bytes(variant);
    expect(WebAssembly.validate(b)).toBe(true);
    const module = new WebAssembly.Module(b);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });

  it.each(VARIANTS)('%s exports every function the runtime and the worker pool call, and no memory', (variant) => {
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes(variant)));
    const functions = exports.filter((e) => e.kind === 'function').map((e) => e.name);
    for (const name of [...POOL_FUNCTIONS, ...DIRECT_FUNCTIONS]) expect(functions, name).toContain(name);
    expect(exports.filter((e) => e.kind === 'memory')).toEqual([]);
  });

  it.each(VARIANTS)('%s links to the kind of memory its name says (shared for the threaded heap)', (variant) => {
    const module = new WebAssembly.Module(bytes(variant));
    const shared = variant.endsWith('-shared');
    const instance = new WebAssembly.Instance(module, { env: { memory: memory(shared) } });
    expect(typeof instance.exports['conv2d']).toBe('function');
    expect(() => new WebAssembly.Instance(module, { env: { memory: memory(!shared) } })).toThrow(WebAssembly.LinkError);
  });

  it.each(VARIANTS)('%s leaves memory it was not asked to write untouched on instantiation (no data segment, no start)', (variant) => {
    const shared = variant.endsWith('-shared');
    const mem = memory(shared);
    const view = new Uint8Array(mem.buffer);
    view.fill(0xab);
    new WebAssembly.Instance(new WebAssembly.Module(bytes(variant)), { env: { memory: mem } });
    expect(view.every((v) => v === 0xab)).toBe(true);
  });
});
