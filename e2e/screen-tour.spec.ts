import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { applyLook, expect, LOOKS, openApp, signUpInApp, test } from './support/fixtures.ts';
import { serverApi } from './support/server-api.ts';

const tourDir = join(import.meta.dirname, '../test-results/screenshots/tour');

/**
 * Every screen a signed-in learner reaches, in both languages and both themes, at a wide
 * desktop (1440 px) and a small laptop (900 px) width — and at 800 and 2560 px in one look:
 * the pictures kept with the e2e results, and each screen asserted to fit its width (no
 * sideways scrolling).
 */
test('every screen at 1440 and 900 px, in both languages and both themes', async ({ page, launchCore, syncServer }) => {
  test.setTimeout(300_000);
  const host = await launchCore();
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, host.launchUrl);
  await applyLook(page, host, LOOKS[0]);
  await page.getByRole('navigation').getByRole('button', { name: '账户', exact: true }).click();
  await signUpInApp(page, '小梅', 'tour@example.com');
  // A paid course bought (test checkout), so the library has an order with a receipt.
  const learner = await serverApi(syncServer.url).login('tour@example.com', 'correct horse battery');
  const order = await serverApi(syncServer.url).call<{ checkoutUrl: string }>(
    'POST',
    '/v1/orders',
    { courseIds: ['algorithms-intro'] },
    learner.accessToken,
  );
  await fetch(`${order.checkoutUrl}/pay`, { method: 'POST' });

  const stops: { id: string; open: () => Promise<void> }[] = [
    ...['home', 'catalog', 'library', 'downloads', 'studio', 'institution', 'account', 'settings', 'about'].map(
      (id) => ({ id, open: () => page.locator(`[data-nav="${id}"]`).click() }),
    ),
    {
      id: 'receipt',
      open: async () => {
        await page.locator('[data-nav="library"]').click();
        await page.getByTestId('orders').getByRole('button').first().click();
        await expect(page.getByTestId('receipt')).toBeVisible();
      },
    },
    {
      id: 'search',
      open: async () => {
        const search = page.getByRole('combobox');
        await search.fill('算法');
        await search.press('Enter');
        await expect(page.getByTestId('search-total')).toBeVisible();
      },
    },
    {
      id: 'course',
      open: async () => {
        await page.locator('[data-nav="catalog"]').click();
        await page.getByTestId('course-card').first().locator('.course-card__link').click();
        await expect(page.getByTestId('course-outline')).toBeVisible();
      },
    },
    {
      id: 'lesson',
      open: async () => {
        await page.getByTestId('course-outline').locator('.outline-lesson__open').first().click();
        await expect(page.getByTestId('lesson-position')).toBeVisible();
      },
    },
    ...(['pdf', 'audio'] as const).map((kind) => ({
      id: `lesson-${kind}`,
      open: async () => {
        // A free course has lessons of every kind to open.
        const search = page.getByRole('combobox');
        await search.fill('古代史');
        await search.press('Enter');
        await page.getByTestId('search-results-courses').locator('.course-card__link').first().click();
        const outline = page.getByTestId('course-outline');
        await outline
          .locator('.outline-lesson')
          .filter({ hasText: kind === 'pdf' ? 'PDF' : /音频|Audio/ })
          .locator('.outline-lesson__open')
          .first()
          .click();
        if (kind === 'pdf') await expect(page.getByTestId('pdf-pages')).toHaveText(/[1-9]/);
        else await expect(page.locator('audio')).toBeAttached();
      },
    })),
  ];
  const problems: string[] = [];
  for (const width of [1440, 900]) {
    await page.setViewportSize({ width, height: 900 });
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      for (const stop of stops) {
        await stop.open();
        await expect(page.locator('main h1').first()).toBeVisible();
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
        expect(overflow, `${stop.id} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(tourDir, `${stop.id}-${width}-${look.language}-${look.theme}.png`) });
        if (width === 1440) {
          // An automated accessibility audit of the screen as shown (WCAG 2.2 A and AA rules).
          const audit = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
            .analyze();
          for (const violation of audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(
              `${stop.id} ${look.language} ${look.theme}: ${violation.id} (${violation.impact}) — ${violation.help}: ${violation.nodes
                .slice(0, 3)
                .map((node) => node.target.join(' '))
                .join(' | ')}`,
            );
        }
      }
    }
  }
  // The narrowest and widest windows the app supports: every screen fits, in one look each.
  for (const width of [800, 2560]) {
    await page.setViewportSize({ width, height: 1000 });
    await applyLook(page, host, LOOKS[0]);
    for (const stop of stops) {
      await stop.open();
      await expect(page.locator('main h1').first()).toBeVisible();
      // Measured once loaded: a skeleton is narrower than what replaces it.
      await expect(page.locator('main .skeleton')).toHaveCount(0, { timeout: 15_000 });
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      expect(overflow, `${stop.id} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(tourDir, `${stop.id}-${width}-zh-CN-light.png`) });
    }
  }
  writeFileSync(
    join(tourDir, 'accessibility.txt'),
    problems.length ? problems.join('\n') : 'no serious or critical violations\n',
  );
  expect(problems, problems.join('\n')).toEqual([]);
});
