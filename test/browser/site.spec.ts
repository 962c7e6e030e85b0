import { expect, test } from '@playwright/test';

test('the landing page renders with no console errors and lists the reading path', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'ResNet Lab' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Chapters' }).getByRole('link')).toHaveCount(6);
  expect(errors).toEqual([]);
});
