/**
 * Measures the landing page's toy race in Chromium: opens the built site's landing page (served by `astro preview`
 * at the given URL) once per seed, reads the figure's losses as it trains and prints when the deep plain net fell
 * clearly behind (src/core/toy/verdict.ts: 4 read-backs in a row), in seconds since the page was opened:
 *   ASTRO_OUT_DIR=dist-x npx astro build && npx astro preview --port 4339 &
 *   npx node scripts/labs/toy-race-browser.ts http://127.0.0.1:4339/ [--seconds 30] [--seeds 1-5] [--shot out.png]
 */
import { clearlyBehindFrom } from '../../src/core/toy/verdict.ts';
import { CHROMIUM_ARGS } from '../bench/browser.ts';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const base = args.find((a) => /^https?:/.test(a));
if (!base) {
  console.error('Give the URL of a served build, e.g. http://127.0.0.1:4339/');
  process.exit(2);
}
const seconds = Number(valueOf('--seconds') ?? 30);
const [from, to] = (valueOf('--seeds') ?? '1-5').split('-').map(Number);
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (let seed = from!; seed <= (to ?? from!); seed++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
    const t0 = Date.now();
    await page.goto(new URL(`/?toy-seed=${seed}`, base).href);
    const rows: { t: number; step: number; losses: number[] }[] = [];
    let lastStep = -1;
    while ((Date.now() - t0) / 1000 < seconds) {
      const got = await page.evaluate(() => {
        const el = document.querySelector<HTMLElement>('toy-race');
        return { losses: el?.dataset.losses ?? null, step: el?.querySelector('[data-step]')?.textContent ?? '' };
      });
      const step = Number(/\d+/.exec(got.step)?.[0] ?? -1);
      if (got.losses && step !== lastStep) {
        lastStep = step;
        const losses = JSON.parse(got.losses) as number[];
        rows.push({ t: (Date.now() - t0) / 1000, step, losses });
        if (rows.length % 5 === 1) console.log(`seed ${seed} ${rows.at(-1)!.t.toFixed(1)}s step ${step} | ${losses.map((l) => l.toFixed(3)).join(' / ')}`);
      }
      await page.waitForTimeout(100);
    }
    const at = clearlyBehindFrom(rows.map((r) => r.losses));
    const shot = valueOf('--shot');
    if (shot && seed === from) await page.screenshot({ path: shot });
    const last = rows.at(-1);
    console.log(`SEED ${seed}: ${last ? `${last.step} steps in ${seconds} s; last ${last.losses.map((l) => l.toFixed(3)).join(' / ')}` : 'no read-back'}; ${at === null ? 'deep plain NOT clearly behind' : `deep plain clearly behind from ${rows[at]!.t.toFixed(1)} s after opening the page (step ${rows[at]!.step})`}`);
    await page.close();
  }
} finally {
  await browser.close();
}
