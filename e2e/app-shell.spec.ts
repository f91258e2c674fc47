import { join } from 'node:path';
import { applyLook, expect, expectHomeWithoutRepeats, LOOKS, openApp, test } from './support/fixtures.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');

test('the shell reads app info, keeps a changed setting across a core restart, and speaks both languages', async ({
  page,
  launchCore,
  context,
}) => {
  const first = await launchCore();
  await openApp(page, first.launchUrl);

  // The fragment carrying the secret is taken out of the address bar at once.
  expect(page.url()).not.toContain('secret');

  // English by default for an en-US browser; the server's demo catalog is visible.
  await expect(page.getByRole('heading', { name: 'Welcome to Zhiku' })).toBeVisible();
  // Where the device syncs and what the server holds is in Settings, not on Home.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('server-status').first()).toHaveText('Online');
  await expect(page.getByTestId('catalog-count')).toHaveText('12 courses in the catalog');

  // App info comes from the core.
  await page.getByRole('button', { name: 'About' }).click();
  const info = page.getByTestId('app-info');
  await expect(info).toContainText('Web mode');
  await expect(info).toContainText(/\d+\.\d+\.\d+/);

  // Diagnostics for support land on the clipboard, without secrets.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(first.launchUrl).origin });
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByTestId('diagnostics-status')).toHaveText('Copied. Paste it into your message to support.');
  const copied = await page.evaluate(() =>
    (navigator as unknown as { clipboard: { readText(): Promise<string> } }).clipboard.readText(),
  );
  expect(copied).toContain('Zhiku');
  expect(copied).toContain('sync server: http://127.0.0.1:');
  expect(copied).not.toContain(new URL(first.launchUrl).hash.slice('#secret='.length));

  // Change two settings through the UI.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('中文（简体）').check();
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  await page.getByLabel('深色').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Restart the core: a new process, a new launch secret, the same data dir.
  const second = await launchCore();
  expect(second.launchUrl).not.toBe(first.launchUrl);
  await openApp(page, second.launchUrl);
  await expect(page.getByRole('heading', { name: '欢迎使用知库' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: '设置' }).click();
  await expect(page.getByLabel('中文（简体）')).toBeChecked();
  await expect(page.getByLabel('深色')).toBeChecked();

  // And back to English.
  await page.getByLabel('English').check();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

test('an invalid server address is refused with a clear message and the stored one is kept', async ({
  page,
  launchCore,
  syncServer,
}) => {
  const host = await launchCore();
  await openApp(page, host.launchUrl);
  await page.getByRole('button', { name: 'Settings' }).click();
  const field = page.getByLabel('Server address');
  await field.fill('ftp://example.invalid');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toHaveText('That value is not valid.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  const stored = await fetch(`${host.origin}/api/invoke/settings.get`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${new URL(host.launchUrl).hash.slice('#secret='.length)}`,
      'content-type': 'application/json',
    },
    body: '{}',
  }).then((response) => response.json() as Promise<{ ok: boolean; value: { syncServerUrl: string } }>);
  expect(stored).toMatchObject({ ok: true, value: { syncServerUrl: syncServer.url } });
});

test('a page without the launch secret cannot use the core', async ({ page, launchCore }) => {
  const host = await launchCore();
  await page.goto(host.origin);
  await expect(page.getByRole('heading', { name: 'Open Zhiku from its launch address' })).toBeVisible();
  // A mistyped or stale secret gets a page that says so, never a blank one.
  await page.goto(`${host.origin}/?again#secret=not-the-secret`);
  await expect(page.getByRole('heading', { name: 'This launch address is not valid any more' })).toBeVisible();
  // And the right address still opens the app in the same tab.
  await openApp(page, host.launchUrl);
});

test('screens in both languages and both themes', async ({ page, launchCore }) => {
  const host = await launchCore();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, host.launchUrl);
  const screens = [
    ['home', { 'zh-CN': '首页', en: 'Home' }],
    ['catalog', { 'zh-CN': '课程目录', en: 'Catalog' }],
    ['library', { 'zh-CN': '我的课程', en: 'Library' }],
    ['downloads', { 'zh-CN': '下载', en: 'Downloads' }],
    ['studio', { 'zh-CN': '创作中心', en: 'Studio' }],
    ['account', { 'zh-CN': '账户', en: 'Account' }],
    ['settings', { 'zh-CN': '设置', en: 'Settings' }],
    ['about', { 'zh-CN': '关于', en: 'About' }],
  ] as const;
  for (const look of LOOKS) {
    const { language, theme } = look;
    await applyLook(page, host, look);
    for (const [id, label] of screens) {
      const nav = page.getByRole('navigation').getByRole('button', { name: label[language], exact: true });
      await nav.click();
      await expect(nav).toHaveAttribute('aria-current', 'page');
      if (id === 'settings') await expect(page.getByTestId('catalog-count')).toBeVisible();
      if (id === 'catalog')
        await expect(page.getByTestId('catalog-total')).toHaveText(language === 'en' ? '12 courses' : '共 12 门课程');
      if (id === 'home') await expectHomeWithoutRepeats(page);
      await page.screenshot({ path: join(screenshotDir, `${id}-${language}-${theme}.png`) });
    }
  }
});

test('a new learner signs up in the app and browses the synced catalog', async ({ page, launchCore }) => {
  const host = await launchCore();
  await openApp(page, host.launchUrl);
  await page.getByRole('navigation').getByRole('button', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'New to Zhiku? Create account' }).click();
  // Each field says which rule it breaks.
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByText('Enter the name others will see.')).toBeVisible();
  await expect(page.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();
  await expect(page.getByText('The password needs at least 10 characters.')).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Name').fill('小林');
  await page.getByLabel('Email').fill('xiaolin@example.com');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByText('Enter the name others will see.')).toBeHidden();
  await expect(page.getByText('The password needs at least 10 characters.')).toBeVisible();
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Signed in as 小林 (xiaolin@example.com)');

  await page.getByRole('navigation').getByRole('button', { name: 'Catalog' }).click();
  await expect(page.getByTestId('catalog-total')).toHaveText('12 courses');
  // The list is virtualized: only the rows in view (and a margin) are in the page.
  expect(await page.getByTestId('course-card').count()).toBeLessThanOrEqual(12);
  await page.getByLabel('Free', { exact: true }).check();
  await expect(page.getByTestId('course-card')).toHaveCount(2);
  await expect(page.getByTestId('catalog-total')).toHaveText('2 courses');
  await page.getByLabel('All', { exact: true }).check();
  await page.getByLabel('Category').selectOption({ label: 'Design (2)' });
  await expect(page.getByTestId('catalog-total')).toHaveText('2 courses');
  await expect(page.getByTestId('course-card').first()).toContainText('Design');
});

test('a learner buys a course with the test checkout and sees it unlock by itself', async ({
  page,
  launchCore,
  context,
}) => {
  const host = await launchCore();
  await openApp(page, host.launchUrl);
  await page.getByRole('navigation').getByRole('button', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'New to Zhiku? Create account' }).click();
  await page.getByLabel('Name').fill('Buyer');
  await page.getByLabel('Email').fill('buyer@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  await page.getByRole('navigation').getByRole('button', { name: 'Catalog' }).click();
  await page.getByRole('button', { name: 'Introduction to Algorithms: From Sorting to Dynamic Programming' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Introduction to Algorithms: From Sorting to Dynamic Programming',
  );
  await expect(page.getByText('Free preview')).toHaveCount(2);
  // Buying opens the checkout page by itself, in its own tab (the system browser in the desktop app).
  const [checkoutTab] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: /^Buy for/ }).click(),
  ]);
  await expect(page.getByText('Waiting for your payment to arrive…')).toBeVisible();
  await expect(checkoutTab.getByText('TEST PAYMENT')).toBeVisible();
  await checkoutTab.getByRole('button', { name: /Pay \(test\)/ }).click();
  await expect(checkoutTab.getByText(/Test payment done/)).toBeVisible();

  await expect(page.getByText('You own this course')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'course-owned-en-light.png') });
});
