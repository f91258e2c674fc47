import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });

/**
 * A creator sets up payouts from the studio: the (test) onboarding opens in the browser, then the
 * studio says ready; a learner elsewhere buys her course and her earnings page shows the sale paid
 * out to her account after the platform's fee.
 */
test('a creator sets up payouts, sells a course and sees the earning paid out', async ({ browser }) => {
  test.setTimeout(120_000);
  const serverDir = makeTempDir('zhiku-payouts-server-');
  const creatorDir = makeTempDir('zhiku-payouts-creator-');
  const server = await startSyncServer(serverDir.path);
  const host = await startCoreHost({ dataDir: creatorDir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page, host.launchUrl);
    await applyLook(page, host, { language: 'en', theme: 'light' });
    await signUpInEnglish(page, 'Lin', 'lin@example.com');
    await page.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await page.getByRole('button', { name: 'Become a creator' }).click();
    const card = page.getByTestId('payouts');
    await expect(card).toContainText('Test mode — no money moves');
    await expect(page.getByTestId('payouts-state')).toContainText('Set up payouts to receive');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `payouts-start-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, host, { language: 'en', theme: 'light' });

    const popup = page.waitForEvent('popup');
    await card.getByRole('button', { name: 'Set up payouts' }).click();
    const onboarding = await popup;
    await expect(onboarding.getByText('TEST ONBOARDING', { exact: false }).first()).toBeVisible();
    await expect(page.getByTestId('payouts-state')).toContainText('waiting for details');
    await onboarding.getByRole('button', { name: /Complete test onboarding/ }).click();
    await expect(onboarding.getByText(/Test onboarding done/)).toBeVisible();
    await onboarding.close();

    await card.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByTestId('payouts-state')).toContainText('Payouts are on');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `payouts-ready-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, host, { language: 'en', theme: 'light' });
    await expect(page.getByTestId('earnings')).toContainText('Nothing sold yet');

    // Elsewhere: her course is published and a learner buys it (¥128.00; the platform keeps 20 %).
    const api = serverApi(server.url);
    const lin = await api.login('lin@example.com', 'correct horse battery');
    await api.publish(lin, 'lin-writing', { zh: '写作课', en: 'Writing well' }, 12_800);
    await api.buy(await api.account('mei@example.com', 'Mei'), ['lin-writing']);

    await page.getByRole('button', { name: 'Sync now' }).click();
    const earnings = page.getByTestId('earnings');
    await expect(page.getByTestId('earnings-paid')).toHaveText('CN¥102.40', { timeout: 20_000 });
    await expect(page.getByTestId('earnings-earned')).toHaveText('CN¥102.40');
    await expect(page.getByTestId('earnings-fees')).toHaveText('CN¥25.60');
    await expect(page.getByTestId('earnings-pending')).toHaveText('CN¥0.00');
    await expect(page.getByTestId('earnings-courses')).toContainText('Writing well');
    await expect(page.getByTestId('earnings-transfers')).toContainText('Paid to you');
    const csv = await page.getByTestId('earnings-csv').getAttribute('href');
    expect(decodeURIComponent(csv!.split(',')[1]!)).toContain('Writing well,CNY,1,128,25.6,0,102.4,102.4,0');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await earnings.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `earnings-${look.language}-${look.theme}.png`) });
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    for (const dir of [serverDir, creatorDir]) dir.remove();
  }
});
