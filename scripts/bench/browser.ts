/**
 * Chromium targets of `npm run bench`: bundles scripts/bench/page with Vite (the same lib code the site ships), serves
 * it with the site's cross-origin isolation headers (needed for wasm threads), starts Chromium once for the whole run
 * and runs each measurement in a fresh page.
 */
import { createServer, type Server } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BrowserResult, BrowserTarget } from './page/main.ts';

export type { BrowserResult, BrowserTarget };

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu',
];

/** Bundles the bench page into a fresh temporary folder; returns that folder. */
async function buildPage(): Promise<string> {
  const { build } = await import('vite');
  const outDir = join(tmpdir(), `resnet-lab-bench-${process.pid}`);
  await build({
    configFile: false, root: PAGE_DIR, base: './', logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 10_000, minify: false },
    // Unminified on purpose: tfjs-wasm starts its threads from the factory's source text (Function.toString), which a
    // minifier breaks ("e is not defined" in every worker, and initialisation never finishes).
    worker: { format: 'es' },
  });
  return outDir;
}

/** A static server for `dir` with COOP/COEP, like `astro preview` (astro.config.mjs isolationHeaders). */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
  }));
}

export interface BrowserRun {
  readonly name: string;
  readonly target: BrowserTarget;
}

export interface BrowserSession {
  /** Runs one target in a fresh page; a failing target yields its error instead of a result. */
  run(run: BrowserRun): Promise<BrowserResult | Error>;
  close(): Promise<void>;
}

/** Builds and serves the page and starts Chromium once; each run then gets its own page, so rounds can interleave. */
export async function openBrowser(log: (s: string) => void): Promise<BrowserSession> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  const cleanUp = async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  };
  log(`chromium: ${executablePath}, page ${url}`);
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 120_000 });
  } catch (e) {
    await cleanUp();
    throw e;
  }
  return {
    async run(run) {
      let page: Awaited<ReturnType<typeof browser.newPage>> | undefined;
      try {
        page = await browser.newPage();
        page.on('console', (m) => log(`  [page] ${m.text()}`));
        page.on('pageerror', (e) => log(`  [page error] ${e.message}`));
        await page.goto(url, { timeout: 120_000 });
        await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
        return await page.evaluate((t) => (globalThis as unknown as { runBench: (t: BrowserTarget) => Promise<BrowserResult> }).runBench(t), run.target);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      } finally {
        await page?.close();
      }
    },
    async close() {
      try {
        await browser.close();
      } finally {
        await cleanUp();
      }
    },
  };
}
