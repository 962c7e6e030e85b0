import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { minifySync } from 'rolldown/utils';
import { describe, expect, it } from 'vitest';
import {
  pinThreadedFactorySource,
  threadedFactorySource,
  wasmThreadsPlugin,
} from '../../scripts/lib/wasm-factory-source.ts';

const require = createRequire(import.meta.url);
const FILE = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const CODE = readFileSync(FILE, 'utf8');
/** The factory as Node loads the untouched file: its toString() is what tfjs-wasm hands its workers unbundled. */
const ORIGINAL = (require(FILE) as () => unknown).toString();

/** Evaluates CommonJS `code` and returns its module.exports (the factory function). */
function load(code: string): () => unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports as () => unknown;
}

/** Minifies like the site build (oxc through rolldown, compress + mangle). */
function minified(code: string): string {
  const r = minifySync('factory.js', code, { compress: true, mangle: { toplevel: true } });
  expect(r.errors).toEqual([]);
  return r.code;
}

describe('pinThreadedFactorySource', () => {
  it('extracts exactly the text Function.prototype.toString gives for the unminified factory', () => {
    expect(threadedFactorySource(CODE)).toBe(ORIGINAL);
  });

  it('keeps toString() the original source after minification, which otherwise rewrites the guarded _scriptDir', () => {
    const plain = load(minified(CODE)).toString();
    expect(plain).not.toBe(ORIGINAL);
    expect(plain).not.toContain('typeof _scriptDir');
    const pinned = load(minified(pinThreadedFactorySource(CODE)));
    expect(pinned.toString()).toBe(ORIGINAL);
    expect(ORIGINAL).toContain('typeof _scriptDir !== "undefined" && _scriptDir');
    expect(Object.keys(pinned)).not.toContain('toString');
  });

  it('pins once even when the plugin runs twice on a module', () => {
    const once = pinThreadedFactorySource(CODE);
    expect(pinThreadedFactorySource(once)).toBe(once);
  });

  it('names the problem and the fix when the emscripten output changed', () => {
    expect(() => pinThreadedFactorySource('module.exports = function () {};')).toThrow(
      /threaded factory's text .* was not found exactly once; tfjs-backend-wasm changed .* Re-check the threads fix/,
    );
  });

  it('the plugin transforms only the threaded factory module', () => {
    const plugin = wasmThreadsPlugin();
    expect(plugin.transform(CODE, `${FILE}?commonjs-es-import`)).toContain("Object.defineProperty(WasmBackendModuleThreadedSimd, 'toString'");
    expect(plugin.transform(CODE, FILE.replace('threaded-simd.js', 'simd.js'))).toBeNull();
    expect(plugin.transform('export {}', '/src/lib/backend/index.ts')).toBeNull();
  });
});
