import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { raceExport, raceSettingsFromQuery } from '../../src/core/export/from-race.ts';
import { raceReadme } from '../../src/core/export/race-readme.ts';
import { EXPORT_FILES } from '../../src/core/export/readme.ts';
import { readTar } from '../../src/lib/data/tar.ts';

const QUERY = 'nets=1p,1m101&width=4&size=32&train=300&val=100&batch=16&opt=sgd&lr=0.01&steps=10&every=5&seed=3';

test.describe('degradation lab, export to PyTorch', () => {
  test('exports the race in the form (not the link) as the PyTorch project npm run export --race writes', async ({ page }) => {
    await page.goto(`/labs/degradation?${QUERY}`);
    await expect(page.locator('degradation-lab')).toHaveAttribute('data-state', 'idle');
    // A change in the form counts, whether or not the race was trained with it.
    await page.locator('degradation-lab summary').click();
    await page.getByLabel('Steps per network').fill('12');
    const button = page.getByRole('button', { name: 'Export this race as a PyTorch project (.tar)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const folder = 'race-plain8-resnet8-2of3-32px-w4-12steps-seed3-pytorch';
    expect(download.suggestedFilename()).toBe(`${folder}.tar`);
    const entries = readTar(new Uint8Array(await readFile(await download.path())));
    expect(entries.map((e) => e.name).sort()).toEqual([...EXPORT_FILES, 'experiment.json', 'README.md'].map((f) => `${folder}/${f}`).sort());
    const file = (f: string) => entries.find((e) => e.name === `${folder}/${f}`)!.data;
    const expected = raceExport(raceSettingsFromQuery(QUERY.replace("steps=10", "steps=12")));
    const got = JSON.parse(new TextDecoder().decode(file('experiment.json'))) as typeof expected;
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(got.nets.map((e) => [e.net?.slug, e.totalSteps, e.config.inputSize, e.recipe.optimizer.kind])).toEqual([['plain8', 12, 32, 'sgd'], ['resnet8-2of3', 12, 32, 'sgd']]);
    expect(new TextDecoder().decode(file('README.md'))).toBe(raceReadme(expected));
    for (const f of EXPORT_FILES) expect(Buffer.from(file(f)).equals(await readFile(`public/export/pytorch/${f}`)), f).toBe(true);
    await expect(page.locator('degradation-lab [data-export-note]')).toHaveText(new RegExp(`^Downloaded ${folder}\\.tar: unpack it`));
  });

  test('refuses to export settings the race would not run, and says why', async ({ page }) => {
    await page.goto(`/labs/degradation?${QUERY}`);
    await expect(page.locator('degradation-lab')).toHaveAttribute('data-state', 'idle');
    await page.locator('degradation-lab summary').click();
    await page.getByLabel('Steps per network').fill('2');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Export this race as a PyTorch project (.tar)' }).click();
    await expect(page.locator('degradation-lab [data-problems]')).toContainText('"steps=2"');
    await expect(page.locator('degradation-lab [data-export-note]')).toHaveText('Fix the settings above to export the race.');
    expect(downloads).toBe(0);
  });

  test("overlays a race net's curves.json from the export in that net's colour", async ({ page }) => {
    await page.goto(`/labs/degradation?${QUERY}`);
    const box = page.locator('degradation-lab curves-file');
    await expect(box).toHaveAttribute('data-ready', 'true');
    // What run_io.py write_outputs writes for net 2 of this race (test/scripts/export-race.test.ts checks the real one parses so).
    const curves = {
      model: 'resnet8 (custom: widths 4/8/16, skips 101, stem bias true, 10 classes)', framework: 'pytorch 1.13.1', world_size: 1,
      net: { index: 1, label: 'ResNet-8, 2/3 skips', slug: 'resnet8-2of3' }, end_error: { step: 10, images: 300, error: 0.8 },
      curves: { train: [{ step: 5, epoch: 0.2, loss: 2.3, error: 0.9 }, { step: 10, epoch: 0.5, loss: 2.1, error: 0.8 }], val: [{ step: 0, epoch: 0, accuracy: 0.1 }, { step: 10, epoch: 0.5, accuracy: 0.2 }], log: [] },
    };
    await box.locator('input[data-file]').setInputFiles({ name: 'curves.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(curves)) });
    await expect(box.locator('[data-curves-status]')).toContainText('Overlaid (dashed): ResNet-8, 2/3 skips, run in PyTorch, 2 training and 2 validation points');
    for (const panel of ['loss', 'error', 'accuracy']) {
      const dashed = page.locator(`svg[data-panel="${panel}"] path.series[stroke-dasharray]`);
      await expect(dashed).toHaveCount(1);
      await expect(dashed).toHaveAttribute('stroke', 'var(--viz-plain56)');
    }
  });
});
