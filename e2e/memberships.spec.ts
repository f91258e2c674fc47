import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });

/**
 * A learner joins a creator's membership from a course page (the test billing's checkout), the
 * creator's column releases its next lesson while the learner studies — it reaches the learner's
 * laptop with a notice — and the creator sees the membership's payment among her earnings.
 */
test('a learner subscribes, a column releases a lesson to their laptop, the creator sees the earning', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const serverDir = makeTempDir('zhiku-members-server-');
  const learnerDir = makeTempDir('zhiku-members-learner-');
  const creatorDir = makeTempDir('zhiku-members-creator-');
  const server = await startSyncServer(serverDir.path, 0, { ZHIKU_RELEASE_CHECK_SECONDS: '2' });
  const api = serverApi(server.url);
  // Lin, elsewhere: payouts set up, a weekly column (its second lesson out in a little while), a monthly plan.
  await api.send('POST', '/v1/auth/register', {
    email: 'lin@example.com',
    password: 'correct horse battery',
    displayName: 'Lin',
    role: 'creator',
  });
  const lin = await api.login('lin@example.com', 'correct horse battery');
  const onboarding = await api.call<{ url: string }>('POST', '/v1/creator/payouts/onboarding', {}, lin.accessToken);
  await fetch(`${onboarding.url}/complete`, { method: 'POST' });
  const releaseAt = Date.now() + 45_000;
  await api.publish(lin, 'lin-weekly', { zh: '每周写作', en: 'Weekly writing' }, 4_900, { 2: releaseAt });
  await api.call(
    'POST',
    '/v1/creator/plans',
    {
      title: { zh: '林老师全部课程', en: 'All of Lin' },
      scope: 'creator',
      interval: 'month',
      priceAmount: 3_000,
      currency: 'CNY',
    },
    lin.accessToken,
  );

  const learnerHost = await startCoreHost({ dataDir: learnerDir.path, syncServerUrl: server.url });
  const creatorHost = await startCoreHost({ dataDir: creatorDir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page, learnerHost.launchUrl);
    await applyLook(page, learnerHost, { language: 'en', theme: 'light' });
    await signUpInEnglish(page, 'Mei', 'mei@example.com');
    await page.getByRole('navigation').getByRole('button', { name: 'Catalog', exact: true }).click();
    await page.getByRole('button', { name: 'Weekly writing', exact: true }).click({ timeout: 30_000 });
    // Priced in yuan; this learner reads English, so the price is also shown, approximately, in dollars.
    await expect(page.getByTestId('purchase-panel').getByTestId('local-price').first()).toHaveText('≈ $6.81');
    const offers = page.getByTestId('membership-offers');
    await expect(offers).toContainText('All of Lin');
    await expect(offers).toContainText('CN¥30.00 / month');
    await expect(page.getByTestId('upcoming-lessons')).toContainText('Lesson 2');
    for (const look of LOOKS) {
      await applyLook(page, learnerHost, look);
      await page.screenshot({ path: join(screenshotDir, `membership-offer-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, learnerHost, { language: 'en', theme: 'light' });

    // Joining opens the checkout in the browser; paying there opens the course here by itself.
    const popup = page.waitForEvent('popup');
    await offers.getByRole('button', { name: 'Join' }).click();
    const checkout = await popup;
    await expect(checkout.getByText('TEST BILLING', { exact: false }).first()).toBeVisible();
    await checkout.getByRole('button', { name: /Subscribe \(test\)/ }).click();
    await expect(checkout.getByText(/Subscribed/)).toBeVisible();
    await checkout.close();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('course-owned')).toHaveText('Included in your membership', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Start learning' }).click();
    await expect(page.getByText('Weekly writing 1').first()).toBeVisible();

    // The column's next lesson comes out: it reaches the laptop with a notice on Home.
    await page.waitForTimeout(Math.max(0, releaseAt - Date.now()));
    await page.getByRole('navigation').getByRole('button', { name: 'Home', exact: true }).click();
    const notice = page.getByTestId('new-lessons');
    await expect(async () => {
      await page.getByRole('button', { name: 'Sync now' }).click();
      await expect(notice).toContainText('Lesson 2', { timeout: 3_000 });
    }).toPass({ timeout: 40_000 });
    await expect(notice).toContainText('A new lesson in your columns');
    // Her column is no longer complete: it is back among what she is learning.
    await expect(page.getByTestId('continue-learning')).toContainText('Weekly writing');
    for (const look of LOOKS) {
      await applyLook(page, learnerHost, look);
      await page.screenshot({ path: join(screenshotDir, `column-notice-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, learnerHost, { language: 'en', theme: 'light' });
    await notice.getByRole('button', { name: 'Lesson 2' }).click();
    await expect(page.getByText('Weekly writing 2').first()).toBeVisible();

    // Her memberships, in Account: active, renewing.
    await page.getByRole('navigation').getByRole('button', { name: 'Account', exact: true }).click();
    const memberships = page.getByTestId('memberships');
    await expect(memberships).toContainText('All of Lin');
    await expect(memberships).toContainText('Active · Renews on');
    for (const look of LOOKS) {
      await applyLook(page, learnerHost, look);
      await memberships.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `memberships-${look.language}-${look.theme}.png`) });
    }

    // Lin, in her studio: the plan with its member, and the month's payment among her earnings, paid out.
    const studio = await context.newPage();
    studio.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(studio, creatorHost.launchUrl);
    await applyLook(studio, creatorHost, { language: 'en', theme: 'light' });
    await studio.getByRole('navigation').getByRole('button', { name: 'Account', exact: true }).click();
    await studio.getByLabel('Email').fill('lin@example.com');
    await studio.getByLabel('Password').fill('correct horse battery');
    await studio.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(studio.getByTestId('signed-in-as')).toBeVisible();
    await studio.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await expect(studio.getByTestId('plan')).toContainText('1 member');
    await expect(studio.getByTestId('earnings-courses')).toContainText('Membership: All of Lin', { timeout: 20_000 });
    await expect(studio.getByTestId('earnings-paid')).toHaveText('CN¥24.00');
    for (const look of LOOKS) {
      await applyLook(studio, creatorHost, look);
      await studio.getByTestId('plans').scrollIntoViewIfNeeded();
      await studio.screenshot({ path: join(screenshotDir, `plans-${look.language}-${look.theme}.png`) });
      await studio.getByTestId('earnings').scrollIntoViewIfNeeded();
      await studio.screenshot({ path: join(screenshotDir, `earnings-membership-${look.language}-${look.theme}.png`) });
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await learnerHost.stop();
    await creatorHost.stop();
    await server.stop();
    for (const dir of [serverDir, learnerDir, creatorDir]) dir.remove();
  }
});
