import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });

/** A creator sets up payouts from the studio: the (test) onboarding opens in the browser, then the studio says ready. */
test('a creator sets up payouts: onboarding in the browser, then ready in the studio', async ({ browser }) => {
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
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    for (const dir of [serverDir, creatorDir]) dir.remove();
  }
});
