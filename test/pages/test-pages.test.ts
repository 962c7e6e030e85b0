import { existsSync, readdirSync } from 'node:fs';
import type { AstroIntegrationLogger } from 'astro';
import { describe, expect, it } from 'vitest';
import { testPageRoutes, testPages, wantsTestPages } from './test-pages.ts';

/** Runs the integration's config hook as Astro would, and returns the routes it injected. */
async function injected(env: Record<string, string | undefined>): Promise<string[]> {
  const routes: string[] = [];
  const hook = testPages(env).hooks['astro:config:setup'];
  const logger = { info: () => {} } as unknown as AstroIntegrationLogger;
  const setup = { injectRoute: (r: { pattern: string }) => routes.push(r.pattern), logger };
  await hook?.(setup as unknown as Parameters<NonNullable<typeof hook>>[0]);
  return routes;
}

describe('the test-only pages ship only in a test build', () => {
  it('a production build (no RESNET_LAB_TEST_PAGES) gets no /test/ route', async () => {
    expect(await injected({})).toEqual([]);
    expect(await injected({ RESNET_LAB_TEST_PAGES: '0' })).toEqual([]);
  });

  it('a test build gets every page of test/pages/ at /test/<name>, the ones the browser tests open included', async () => {
    const routes = await injected({ RESNET_LAB_TEST_PAGES: '1' });
    const files = readdirSync(new URL('./', import.meta.url)).filter((f) => f.endsWith('.astro'));
    expect(routes).toHaveLength(files.length);
    expect(routes).toEqual(expect.arrayContaining(['/test/cifar-decode', '/test/model', '/test/train-worker', '/test/wasm-threads']));
    for (const r of testPageRoutes()) expect(existsSync(r.entrypoint)).toBe(true);
  });

  it('no page of the site lives under src/pages/test, where a production build would publish it', () => {
    expect(existsSync(new URL('../../src/pages/test', import.meta.url))).toBe(false);
  });

  it('a value it does not understand gets a message with the fix', () => {
    expect(() => wantsTestPages({ RESNET_LAB_TEST_PAGES: 'yes' })).toThrow(/RESNET_LAB_TEST_PAGES="yes".*set it to 1/);
  });
});
