/**
 * Measures the degradation race in Chromium on a served build: opens /labs/degradation once per seed (plus any lab
 * query), presses Train and prints the wall time from the click to the end, when the curves first separated (the
 * smoothed training error of net 2 at least 5 points above nets 1 and 3), and the final errors (the lab's verdict),
 * with the load average beside each time, since a loaded machine stretches every time:
 *   ASTRO_OUT_DIR=dist-x npm run build:test && npx astro preview --port 4339 &
 *   npx node scripts/labs/race-browser.ts http://127.0.0.1:4339/ [--seeds 1-5] [--query "steps=200"] [--sweep] [--shot out.png] [--phases]
 * --phases: prints every new status line of the lab with its time from the click (numbers in it ignored), and the
 * bytes of the data files (/data/...) the race downloaded after the click.
 * --to-step0: ends each race at its first "Step" status line (to time the start alone: data, backend, first step).
 * --sweep: runs the depth sweep instead (its default depths, the race settings of --query) and prints its points.
 */
import { loadavg } from 'node:os';
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
const range = /^(\d+)(?:-(\d+))?$/.exec(valueOf('--seeds') ?? '1-5');
if (!range) {
  console.error('--seeds takes a seed or a range, e.g. 1-5.');
  process.exit(2);
}
const extra = valueOf('--query') ?? '';
const sweep = args.includes('--sweep');
const toStep0 = args.includes('--to-step0');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (let seed = Number(range[1]); seed <= Number(range[2] ?? range[1]); seed++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
    // Bytes of the data files fetched after the click (the workers' requests included), per file.
    const fetched = new Map<string, number>();
    let clicked = false;
    page.on('requestfinished', (req) => {
      const path = new URL(req.url()).pathname;
      if (!clicked || !path.startsWith('/data/')) return;
      void req.sizes().then((s) => fetched.set(path, (fetched.get(path) ?? 0) + s.responseBodySize));
    });
    await page.goto(new URL(`/labs/degradation?seed=${seed}${extra ? `&${extra}` : ''}`, base).href);
    const tag = sweep ? 'depth-sweep' : 'degradation-lab';
    const el = page.locator(tag);
    await el.waitFor({ timeout: 300_000 });
    const loadBefore = load();
    const t0 = Date.now();
    clicked = true;
    await page.getByRole('button', { name: sweep ? 'Run the depth sweep' : 'Train' }).click({ timeout: 300_000 });
    let separated: number | null = null;
    let lastStatus = '';
    for (;;) {
      // A page busy for longer than Playwright's 30 s action timeout still answers page.evaluate (no timeout).
      const got = await page.evaluate((t) => {
        const n = document.querySelector<HTMLElement>(t)!;
        return { state: n.dataset.state, errors: n.dataset.errors ?? null, status: n.querySelector('[data-status]')?.textContent ?? '' };
      }, tag);
      // --phases: each new status line with its time from the click (where the time before the first step goes).
      const phase = got.status.replace(/\d+(\.\d+)?/g, '#');
      if (args.includes('--phases') && phase !== lastStatus) console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s: ${got.status}`);
      lastStatus = phase;
      if (got.state === 'done') break;
      if (toStep0 && got.status.startsWith('Step')) break;
      if (!sweep && separated === null && got.errors) {
        const e = JSON.parse(got.errors) as number[];
        if (e.length === 3 && e[1]! - e[0]! >= 0.05 && e[1]! - e[2]! >= 0.05) separated = (Date.now() - t0) / 1000;
      }
      await page.waitForTimeout(200);
    }
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500)); // the last requestfinished sizes
    if (args.includes('--phases')) {
      const total = [...fetched.values()].reduce((a, b) => a + b, 0);
      console.log(`  data downloaded after the click: ${(total / 1e6).toFixed(1)} MB in ${fetched.size} files (${[...fetched.keys()].map((k) => k.split('/').pop()).join(', ')})`);
    }
    const status = await el.locator('[data-status]').textContent();
    const shot = valueOf('--shot');
    if (shot && seed === Number(range[1])) await page.screenshot({ path: shot, fullPage: true });
    if (toStep0) {
      console.log(`SEED ${seed}: first step ${seconds.toFixed(1)} s from the click (load ${loadBefore} -> ${load()})`);
    } else if (sweep) {
      console.log(`SWEEP seed ${seed}: ${seconds.toFixed(1)} s from the click (load ${loadBefore} -> ${load()}); ${status}`);
      console.log(`  points ${await el.getAttribute('data-results')}`);
      console.log(`  ${await page.locator('depth-sweep [data-verdict]').textContent()}`);
    } else {
      const final = JSON.parse((await el.getAttribute('data-final-errors')) ?? '[]') as number[];
      const pct = final.map((v) => (100 * v).toFixed(1)).join(' / ');
      const gap = final.length === 3 ? ` | net2-net1 ${(100 * (final[1]! - final[0]!)).toFixed(1)} pt, net3 ${final[2]! < final[0]! ? 'below' : 'NOT below'} net1` : '';
      console.log(`SEED ${seed}: ${seconds.toFixed(1)} s from the click (load ${loadBefore} -> ${load()}); first separation ${separated === null ? 'not seen' : `${separated.toFixed(1)} s`}; final ${pct}${gap}; ${status}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
