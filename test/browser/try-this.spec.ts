import { expect, test, type Page } from '@playwright/test';
import { readSettings, type SettingsTable } from '../../src/core/labs/settings.ts';
import { degradationTable, formatNet } from '../../src/core/labs/degradation-settings.ts';
import { stepperTable, trainTable } from '../../src/core/labs/lab-tables.ts';
import { tableOf, tryThis, tryThisHref, type TryThisLink } from '../../src/core/labs/try-this.ts';

/** Where screenshots go (test-results/ is shared with other specs and cleaned by their runs). */
const shots = process.env.SHOTS_DIR ?? 'test-results/try-this';

/** Every field the lab's form shows, read back as the URL's text (custom fields such as the nets list are skipped). */
async function fieldValues(page: Page, lab: string, table: SettingsTable<unknown>, skip: readonly string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of Object.values(table) as { key: string; input: { kind: string } }[]) {
    if (spec.input.kind === 'custom' || skip.includes(spec.key)) continue;
    out[spec.key] = await page.locator(`${lab} form [name="${spec.key}"]`).inputValue();
  }
  return out;
}

/** What the form should show for `link`: each field formatted by the lab's own table. */
function expectedFields(link: TryThisLink, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, spec] of Object.entries(tableOf(link) as SettingsTable<Record<string, unknown>>)) {
    if (spec.input.kind === 'custom' || skip.includes(spec.key)) continue;
    out[spec.key] = spec.format((link.settings as unknown as Record<string, unknown>)[field]);
  }
  return out;
}

/** Checks that the lab page the browser is on was opened with `link`'s settings: URL, form fields, no problems shown. */
async function expectLabOpenedWith(page: Page, link: TryThisLink) {
  const read = readSettings(tableOf(link) as SettingsTable<unknown>, new URL(page.url()).search);
  expect(read.problems).toEqual([]);
  expect(read.settings).toEqual(link.settings);
  if (link.lab === 'degradation') {
    const lab = page.locator('degradation-lab');
    await expect(lab).toHaveAttribute('data-state', 'idle');
    await expect(lab.locator('[data-problems]')).toBeHidden();
    expect(await fieldValues(page, 'degradation-lab', degradationTable)).toEqual(expectedFields(link));
    const nets = link.settings.nets;
    for (const [i, net] of nets.entries()) {
      await expect(page.getByLabel(`Depth of net ${i + 1}`, { exact: true })).toHaveValue(String(net.n));
      const mode = typeof net.skips === 'string' ? net.skips : 'custom';
      await expect(page.getByLabel(`Skip connections of net ${i + 1}`, { exact: true }), formatNet(net)).toHaveValue(mode);
    }
    await expect(page.getByLabel(`Depth of net ${nets.length + 1}`, { exact: true })).toHaveCount(0);
  } else if (link.lab === 'train') {
    // The backend has no form field (the backend picker chooses); the URL check above covers it.
    expect(await fieldValues(page, 'train-lab', trainTable, ['backend'])).toEqual(expectedFields(link, ['backend']));
    await expect(page.locator('train-lab [data-problems]')).toBeHidden();
  } else {
    const s = link.settings;
    const stepper = page.locator('block-stepper');
    await expect(stepper.locator('[name="net"]')).toHaveValue(s.net);
    await expect(stepper.locator('[name="img"]')).toHaveValue(String(s.img));
    if (s.compare === 'on') await expect(stepper.locator('[name="compare"]')).toBeChecked();
    else await expect(stepper.locator('[name="compare"]')).not.toBeChecked();
    await expect(stepper.locator('[data-problems]')).toBeHidden();
    expect(stepperTable.block.format(s.block)).toBe(new URL(page.url()).searchParams.get('block'));
  }
}

for (const [chapter, links] of Object.entries(tryThis)) {
  test(`${chapter}: each "Try this" link opens its lab with the link's settings`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(chapter);
    const section = page.locator('ul.try-this');
    await expect(page.getByRole('heading', { level: 2, name: 'Try this' })).toBeVisible();
    await expect(section.getByRole('link')).toHaveCount(links.length);
    for (const link of links) {
      const a = section.getByRole('link', { name: link.label, exact: true });
      await expect(a).toHaveAttribute('href', tryThisHref(link));
      await expect(a.locator('xpath=following-sibling::p')).toHaveText(link.expectation);
    }
    // The first link is followed by a click; the others open at their href (the same address, without reloading the
    // chapter each time: a minute of CI over all chapters).
    for (const [i, link] of links.entries()) {
      if (i === 0) await section.getByRole('link', { name: link.label, exact: true }).click();
      else await page.goto(tryThisHref(link));
      await page.waitForURL((u) => u.pathname.replace(/\/$/, '') === tryThisHref(link).split('?')[0]);
      await expectLabOpenedWith(page, link);
    }
    expect(errors).toEqual([]);
  });
}

test('the "Try this" section fits a phone and a desktop screen', async ({ page }) => {
  for (const chapter of ['/motivation', '/training']) {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(chapter);
      const heading = page.getByRole('heading', { level: 2, name: 'Try this' });
      await heading.scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${chapter} wider than ${width}px`).toBeLessThanOrEqual(0);
      if (process.env.SHOTS === '1') await page.screenshot({ path: `${shots}${chapter}-${width}.png` });
    }
  }
});
