/**
 * The test-only pages: every `<name>.astro` in this folder is served at `/test/<name>` when a build asks for them
 * (RESNET_LAB_TEST_PAGES=1, as `npm run build:test` and so `npm run test:browser` do), and never in a production build
 * (`npm run build`). To add a test page, put `<name>.astro` in this folder: nothing else lists it. Being fixtures, the
 * pages may import src/lib and src/client directly (the layer rules of eslint.config.js cover src/ only).
 */
import { readdirSync } from 'node:fs';
import type { AstroIntegration } from 'astro';

export const TEST_PAGES_ENV = 'RESNET_LAB_TEST_PAGES';

const folder = new URL('./', import.meta.url);

/** One route per `.astro` file of this folder, by file name. */
export function testPageRoutes(): { pattern: string; entrypoint: URL }[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.astro'))
    .sort()
    .map((f) => ({ pattern: `/test/${f.slice(0, -'.astro'.length)}`, entrypoint: new URL(f, folder) }));
}

/** Whether `env` asks for the test pages: RESNET_LAB_TEST_PAGES=1 yes, unset/empty/0 no, anything else is an error. */
export function wantsTestPages(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env[TEST_PAGES_ENV] ?? '';
  if (v === '1') return true;
  if (v === '' || v === '0') return false;
  throw new Error(`${TEST_PAGES_ENV}="${v}" is not understood: set it to 1 to build the test pages (npm run build:test), or leave it unset.`);
}

/** The Astro integration: injects the test pages' routes into a test build, nothing into any other. */
export function testPages(env: Readonly<Record<string, string | undefined>> = process.env): AstroIntegration {
  const enabled = wantsTestPages(env);
  return {
    name: 'resnet-lab:test-pages',
    hooks: {
      'astro:config:setup': ({ injectRoute, logger }) => {
        if (!enabled) return;
        const routes = testPageRoutes();
        for (const route of routes) injectRoute(route);
        logger.info(`test build: ${routes.map((r) => r.pattern).join(', ')}`);
      },
    },
  };
}
