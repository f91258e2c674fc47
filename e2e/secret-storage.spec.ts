import { join } from 'node:path';
import { applyLook, expect, LOOKS, openApp, test } from './support/fixtures.ts';
import { makeTempDir, startCoreHost } from './support/processes.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');

test('without a keychain the learner is told once where secrets are kept, chooses, and finds the choice in Settings', async ({
  page,
  syncServer,
}) => {
  const dir = makeTempDir('zhiku-e2e-secrets-');
  let host = await startCoreHost({ dataDir: dir.path, syncServerUrl: syncServer.url, announceSecretStorage: true });
  try {
    await openApp(page, host.launchUrl);
    const notice = page.getByTestId('secret-notice');
    await expect(notice.getByRole('heading', { name: 'No system keychain found' })).toBeVisible();
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await page.screenshot({ path: join(screenshotDir, `secret-notice-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, host, { language: 'en', theme: 'light' });
    await notice.getByRole('button', { name: 'Sign in each time' }).click();
    await expect(notice).toBeHidden();

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByTestId('secret-settings');
    await expect(settings).toContainText('no system keychain');
    await expect(settings.getByLabel('Sign in each time')).toBeChecked();
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await settings.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `secret-settings-${look.language}-${look.theme}.png`) });
    }

    // Answered once: a restart does not ask again, and the choice is kept.
    await host.stop();
    host = await startCoreHost({ dataDir: dir.path, syncServerUrl: syncServer.url, announceSecretStorage: true });
    await openApp(page, host.launchUrl);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('secret-settings').getByLabel('Sign in each time')).toBeChecked();
    await expect(page.getByTestId('secret-notice')).toHaveCount(0);
    await page.getByTestId('secret-settings').getByLabel('Stay signed in').check();
    await expect(page.getByTestId('secret-settings').getByLabel('Stay signed in')).toBeChecked();
  } finally {
    await host.stop();
    dir.remove();
  }
});
