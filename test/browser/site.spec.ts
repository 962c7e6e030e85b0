import { expect, test } from '@playwright/test';
import { chapters } from '../../src/core/chapters.ts';
import { labPages } from '../../src/core/labs/lab-tables.ts';

test('the landing page renders with no console errors and lists the reading path', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'ResNet Lab' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Chapters' }).getByRole('link')).toHaveCount(chapters.length);
  expect(errors).toEqual([]);
});

test('every lab is in the header and linked from the chapter where it belongs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Labs' }).getByRole('link')).toHaveCount(labPages.length);
  // A chapter with several labs (why-it-works) lists them in its one callout.
  for (const lab of labPages) {
    await page.goto(lab.fromChapter);
    const callout = page.getByRole('complementary', { name: 'Run it yourself' });
    await expect(callout.getByRole('link', { name: lab.title })).toHaveAttribute('href', lab.href);
  }
});
