import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive Debian's Chromium (no browser download) against a test build served by `astro preview`: the site
 * plus the test pages of test/pages/, built by `npm run build:test` into ASTRO_OUT_DIR (default dist-test).
 */
/** Specs that measure timing on the page: run alone, when nothing else shares the CPU (on their own: `--no-deps`). */
const QUIET = /responsiveness\.spec\.ts$/;

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.PREVIEW_PORT ?? 4322);
const outDir = process.env.ASTRO_OUT_DIR ?? 'dist-test';
if (!existsSync(`${outDir}/test`)) {
  console.warn(`${outDir}/ has no test pages, so the specs that open /test/... will get 404: build it with \`ASTRO_OUT_DIR=${outDir} npm run build:test\`.`);
}

export default defineConfig({
  testDir: 'test/browser',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // Two workers: most specs wait on a worker's training or on page loads, so CI's two cores were a third idle with one.
  // Spec files run whole on one worker (fullyParallel: false). The one spec that measures the page's responsiveness
  // (long tasks while a worker trains) runs alone, after all the others: its own project, depending on the rest.
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    { name: 'site', testIgnore: QUIET },
    { name: 'quiet', testMatch: QUIET, dependencies: ['site'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic',
        '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      ],
    },
  },
  // --ignore-lock: a reader's own `npm start` server (another port) must not stop the test server from starting.
  webServer: {
    command: `ASTRO_TELEMETRY_DISABLED=1 ASTRO_OUT_DIR=${outDir} npx astro preview --ignore-lock --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
