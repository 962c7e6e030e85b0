import { defineConfig } from '@playwright/test';

/** Browser tests drive Debian's Chromium (no browser download) against the built site served by `astro preview`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.PREVIEW_PORT ?? 4322);

export default defineConfig({
  testDir: 'test/browser',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
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
    command: `ASTRO_TELEMETRY_DISABLED=1 npx astro preview --ignore-lock --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
