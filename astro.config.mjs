// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { wasmThreadsPlugin } from './scripts/lib/wasm-factory-source.ts';
import { testPages } from './test/pages/test-pages.ts';

/**
 * Cross-origin isolation (COOP + COEP) lets the WASM backend use threads (SharedArrayBuffer).
 * The same headers are served by `astro dev` and `astro preview`; see README "Hosting" for static hosts.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  site: 'http://localhost:4321',
  // A separate output folder per concurrent build (tests, benchmarks) keeps them from overwriting each other.
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  // testPages(): the pages of test/pages/ at /test/..., only in a test build (RESNET_LAB_TEST_PAGES=1: npm run build:test).
  integrations: [mdx(), testPages()],
  server: { host: '127.0.0.1', port: 4321, headers: isolationHeaders },
  devToolbar: { enabled: false },
  vite: {
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
    // Minification breaks tfjs-wasm's thread start-up (the workers get the factory's source text); this keeps that one
    // text unminified for the workers. Vite also runs build.rolldownOptions.plugins for worker bundles.
    build: { rolldownOptions: { plugins: [wasmThreadsPlugin()] } },
  },
});
