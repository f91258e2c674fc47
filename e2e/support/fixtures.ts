import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { makeTempDir, startCoreHost, startSyncServer } from './processes.ts';

type CoreHost = Awaited<ReturnType<typeof startCoreHost>>;

interface ZhikuFixtures {
  syncServer: Awaited<ReturnType<typeof startSyncServer>>;
  /** Starts (or restarts) the core host on this test's data dir; the previous one is stopped first. */
  launchCore: () => Promise<CoreHost>;
}

export const test = base.extend<ZhikuFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  syncServer: async ({}, use) => {
    const dir = makeTempDir('zhiku-e2e-server-');
    const server = await startSyncServer(dir.path);
    await use(server);
    await server.stop();
    dir.remove();
  },
  launchCore: async ({ syncServer }, use) => {
    const dir = makeTempDir('zhiku-e2e-core-');
    let current: CoreHost | undefined;
    await use(async () => {
      await current?.stop();
      current = await startCoreHost({ dataDir: dir.path, syncServerUrl: syncServer.url });
      return current;
    });
    await current?.stop();
    dir.remove();
  },
});

export { expect };

/** Opens the launch URL and waits for the app's own ready signal, never a sleep. */
export async function openApp(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.locator('html[data-app-ready="true"]')).toBeAttached();
}

export const LOOKS = [
  { language: 'zh-CN', theme: 'light' },
  { language: 'zh-CN', theme: 'dark' },
  { language: 'en', theme: 'light' },
  { language: 'en', theme: 'dark' },
] as const;

/** Calls an operation through the core host's own API, as the UI would. */
export async function invokeOnHost(
  host: { launchUrl: string; origin: string },
  name: string,
  input: unknown,
): Promise<void> {
  const secret = new URL(host.launchUrl).hash.slice('#secret='.length);
  const response = await fetch(`${host.origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
}

/**
 * Switches the app's language and theme through the core host's own API (as Settings
 * would) and waits until the page shows them.
 */
export async function applyLook(
  page: Page,
  host: { launchUrl: string; origin: string },
  look: (typeof LOOKS)[number],
): Promise<void> {
  await invokeOnHost(host, 'settings.update', look);
  await expect(page.locator('html')).toHaveAttribute('data-theme', look.theme);
  await expect(page.locator('html')).toHaveAttribute('lang', look.language);
}

/** On the Account screen in Chinese: opens the sign-up form, creates the account and waits until signed in. */
export async function signUpInApp(page: Page, displayName: string, email: string): Promise<void> {
  await page.getByRole('button', { name: '第一次使用知库？ 注册' }).click();
  await page.getByLabel('昵称').fill(displayName);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill('correct horse battery');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`已登录：${displayName}（${email}）`);
}

/** In English: goes to Account, creates the account and waits until signed in. */
export async function signUpInEnglish(page: Page, name: string, email: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Account', exact: true }).click();
  await page.getByRole('button', { name: 'New to Zhiku? Create account' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/**
 * A journey's page: the app opened in Chinese and light theme, every uncaught page error
 * collected (a journey asserts there were none), and a helper to use the sidebar.
 */
export async function startJourney(
  context: BrowserContext,
  host: { launchUrl: string; origin: string },
): Promise<{ page: Page; pageErrors: string[]; nav: (name: string) => Promise<void> }> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openApp(page, host.launchUrl);
  await applyLook(page, host, { language: 'zh-CN', theme: 'light' });
  const nav = (name: string) =>
    page
      .getByRole('navigation', { name: /主导航|Main navigation/ })
      .getByRole('button', { name, exact: true })
      .click();
  return { page, pageErrors, nav };
}

/** Home shows courses in its sections (new courses among them), each course once. */
export async function expectHomeWithoutRepeats(page: Page): Promise<void> {
  await expect(page.getByTestId('newest').getByTestId('course-card').first()).toBeVisible();
  const titles = await page.locator('main [data-testid="course-card"] .course-card__title').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(new Set(titles).size).toBe(titles.length);
}
