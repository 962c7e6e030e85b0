/**
 * Build-time fix that lets tfjs-backend-wasm 4.22 start its threads in a minified bundle.
 *
 * tfjs-wasm gives each pthread worker the threaded emscripten factory as text: a Blob of
 * `var WasmBackendModuleThreadedSimd = ` + factory.toString(). A minifier rewrites the factory's guarded reference to
 * its enclosing scope (`typeof _scriptDir !== "undefined" && _scriptDir` becomes `e !== void 0 && e`), so in the worker,
 * where that scope does not exist, every thread dies with "e is not defined" and the backend never finishes starting.
 * pinThreadedFactorySource makes the factory's toString() return its own original text, captured before minification:
 * the page runs the minified copy, the workers get the upstream source that emscripten built and tested.
 * Used by astro.config.mjs (vite.build.rolldownOptions.plugins), which also applies to worker bundles.
 */

/** Module id of tfjs-backend-wasm's threaded emscripten factory (a CommonJS file of about 55 KB). */
export const THREADED_FACTORY_ID = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;

const FACTORY_NAME = 'WasmBackendModuleThreadedSimd';
const START = `function(${FACTORY_NAME})`;
const END = `return ${FACTORY_NAME}.ready\n}`;
/** Marks code already pinned: Vite may run the plugin twice on a module (client and worker pipelines). */
const PINNED = '/* resnet-lab: threaded factory source pinned */';

/** The factory function's source text, exactly as Function.prototype.toString gives it unminified. */
export function threadedFactorySource(code: string): string {
  const start = code.indexOf(START);
  const end = code.indexOf(END, start);
  if (start < 0 || end < 0 || code.indexOf(START, start + 1) >= 0) {
    throw new Error(
      `pinThreadedFactorySource: the threaded factory's text (from "${START}" to "${END.replace('\n', '\\n')}") was not ` +
        'found exactly once; tfjs-backend-wasm changed its emscripten output. Re-check the threads fix in ' +
        'scripts/lib/wasm-factory-source.ts against the installed version before building.',
    );
  }
  return code.slice(start, end + END.length);
}

/** The module's code plus a toString() on the exported factory that returns its unminified source. */
export function pinThreadedFactorySource(code: string): string {
  if (code.includes(PINNED)) return code;
  const source = JSON.stringify(threadedFactorySource(code));
  // defineProperty, not assignment: the pin must not show up when the module object is enumerated.
  return `${code}\n${PINNED}\nObject.defineProperty(${FACTORY_NAME}, 'toString', { value: function () { return ${source}; } });\n`;
}

/** Rolldown/Vite plugin applying pinThreadedFactorySource to the threaded factory module only. */
export function wasmThreadsPlugin(): { name: string; transform: (code: string, id: string) => string | null } {
  return {
    name: 'resnet-lab:wasm-threads-factory-source',
    transform(code, id) {
      return THREADED_FACTORY_ID.test(id.split('?')[0] ?? id) ? pinThreadedFactorySource(code) : null;
    },
  };
}
