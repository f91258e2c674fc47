import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, expectHomeWithoutRepeats, LOOKS, openApp, signUpInApp } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { slowPdfWorker } from './support/slow-pdf-worker.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
// A step that cannot happen fails on its own line within seconds, not at the end of the test.
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/**
 * What a new learner does, end to end, in Chinese: sign up, browse, search in Chinese, open
 * a free preview, buy with the test checkout, see the course unlock, download it, lose the
 * server, study offline (PDF with watermark, video, text, notes), rate, come back online,
 * and find all of it on a second device.
 */
test('a learner’s first week: from sign-up to studying offline and a second device', async ({ browser }) => {
  test.setTimeout(240_000);
  const serverDir = makeTempDir('zhiku-journey-server-');
  const dirA = makeTempDir('zhiku-journey-a-');
  const dirB = makeTempDir('zhiku-journey-b-');
  let server = await startSyncServer(serverDir.path);
  const port = Number(new URL(server.url).port);
  const hostA = await startCoreHost({ dataDir: dirA.path, syncServerUrl: server.url });
  let hostB: Awaited<ReturnType<typeof startCoreHost>> | undefined;
  const contextA = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  try {
    const page = await contextA.newPage();
    // Any uncaught error in the page fails the test, even if the screen looked fine.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    const slowPdf = await slowPdfWorker(page);
    await openApp(page, hostA.launchUrl);
    const nav = (name: string) =>
      page
        .getByRole('navigation', { name: /主导航|Main navigation/ })
        .getByRole('button', { name, exact: true })
        .click();

    // Chinese, then an account.
    await nav('Settings');
    await page.getByLabel('中文（简体）').check();
    await nav('账户');
    await signUpInApp(page, '小梅', 'xiaomei@example.com');
    await expect(page.getByTestId('sync-state')).toHaveText('已同步');

    // Browse, then search in Chinese: two characters find 算法导论, highlighted.
    await nav('首页');
    await expectHomeWithoutRepeats(page);
    const search = page.getByRole('combobox', { name: '搜索课程和已下载的课时' });
    await search.fill('算法');
    const firstCourse = page.getByTestId('search-course').first();
    await expect(firstCourse).toContainText('算法导论：从排序到动态规划');
    await expect(firstCourse.locator('mark').first()).toHaveText('算法');
    await shot(page, 'search-zh-CN-light');
    // Enter shows every result; the course opens from there.
    await search.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('“算法”的搜索结果');
    await page
      .getByTestId('search-results-courses')
      .getByRole('button', { name: '算法导论：从排序到动态规划' })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('算法导论：从排序到动态规划');

    // A free preview opens (downloading it first) without buying.
    await page.getByRole('button', { name: '为什么要学算法' }).click();
    await expect(page.getByTestId('markdown-reader')).toContainText('二分查找');
    await page.getByRole('button', { name: /^← 算法导论/ }).click();

    // Buy with the test checkout; the course unlocks by itself.
    const [checkoutTab] = await Promise.all([
      contextA.waitForEvent('page'),
      page.getByRole('button', { name: /^购买/ }).click(),
    ]);
    await expect(page.getByText('正在等待付款结果…')).toBeVisible();
    await checkoutTab.getByRole('button', { name: /Pay \(test\)/ }).click();
    await expect(checkoutTab.getByText(/Test payment done/)).toBeVisible();
    await checkoutTab.close();
    await expect(page.getByText('你已拥有此课程')).toBeVisible({ timeout: 20_000 });

    // Download the whole course for offline study.
    await page.getByRole('button', { name: '下载到本机离线学习' }).click();
    await nav('下载');
    const items = page.getByTestId('download-item');
    await expect(items).toHaveCount(5, { timeout: 30_000 });
    for (let i = 0; i < 5; i++) await expect(items.nth(i)).toContainText('已下载', { timeout: 60_000 });
    await expect(page.getByTestId('downloads-total')).toContainText('本机已用');
    await shot(page, 'downloads-zh-CN-light');

    // The server goes away: the app says so and keeps working.
    await server.stop();
    await page.getByRole('button', { name: '立即同步' }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 20_000 });

    // Study offline: the paid PDF with the buyer's watermark…
    await nav('我的课程');
    await page.getByTestId('library-course').getByRole('button', { name: '算法导论：从排序到动态规划' }).click();
    await page.getByRole('button', { name: '排序算法讲义' }).click();
    const pdf = page.getByTestId('pdf-viewer');
    await expect(pdf.getByTestId('pdf-pages')).toHaveText(/共 [1-9]\d* 页/);
    await expect(pdf.getByTestId('watermark').first()).toContainText('xiaomei@example.com');
    await page.getByRole('button', { name: '在此加书签' }).click();
    await expect(page.getByTestId('note')).toHaveCount(1);
    await shot(page, 'lesson-pdf-zh-CN-light');

    // Leaving a PDF while its page is still on its way is no error: PDF.js then answers the page
    // with "Transport destroyed", which once escaped as an uncaught error (pageErrors, below).
    slowPdf.on();
    await page.getByRole('button', { name: '上一课' }).click();
    await expect(page.getByTestId('media-player')).toBeVisible();
    const [worker] = await Promise.all([
      page.waitForEvent('worker'),
      page.getByRole('button', { name: '下一课' }).click(),
    ]);
    await expect(pdf.getByTestId('pdf-pages')).toHaveText(/共 [1-9]\d* 页/);
    await page.getByRole('button', { name: '上一课' }).click();
    // The worker answers the page before it stops, so once it has closed the answer has come.
    await new Promise((resolve) => worker.once('close', resolve));
    slowPdf.off();
    expect(pageErrors).toEqual([]);
    await page.getByRole('button', { name: '下一课' }).click();
    await expect(pdf.getByTestId('pdf-pages')).toHaveText(/共 [1-9]\d* 页/);

    // …the video, with speed and a note at a timestamp…
    await page.getByRole('button', { name: '上一课' }).click();
    const player = page.getByTestId('media-player');
    await expect(player.locator('video')).toBeVisible();
    await player.getByLabel('倍速').selectOption('1.5');
    expect(
      await player.locator('video').evaluate((video) => (video as unknown as { playbackRate: number }).playbackRate),
    ).toBe(1.5);
    await page.getByLabel('新笔记').fill('大 O 只看增长趋势');
    await page.getByRole('button', { name: '添加笔记' }).click();
    await expect(page.getByTestId('note')).toContainText('大 O 只看增长趋势');
    await shot(page, 'lesson-video-zh-CN-light');

    // …and rate the course, all while offline: the changes wait to sync.
    await page.getByRole('button', { name: /^← 算法导论/ }).click();
    const form = page.getByTestId('rate-form');
    await form.locator('label', { has: page.getByRole('radio', { name: '5 星' }) }).click();
    await expect(form.getByRole('radio', { name: '5 星' })).toBeChecked();
    await form.getByLabel('评价', { exact: true }).fill('讲得清楚，例子很好');
    await page.getByRole('button', { name: '保存评分' }).click();
    await expect(page.getByText('谢谢！评分已保存在本机，联网后会同步。')).toBeVisible();
    await expect(page.getByTestId('sync-status')).toContainText('项待同步');

    // Back online: everything syncs by itself.
    server = await startSyncServer(serverDir.path, port);
    await page.getByRole('button', { name: '立即同步' }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 30_000 });
    await expect(page.getByTestId('sync-status')).not.toContainText('项待同步', { timeout: 30_000 });
    await expect(page.getByTestId('review')).toContainText('讲得清楚，例子很好', { timeout: 20_000 });
    await shot(page, 'course-zh-CN-light');

    // A second laptop: sign in, and the course, the notes and the rating are there.
    hostB = await startCoreHost({ dataDir: dirB.path, syncServerUrl: server.url });
    const contextB = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const second = await contextB.newPage();
    await openApp(second, hostB.launchUrl);
    await second.getByRole('navigation').getByRole('button', { name: 'Account', exact: true }).click();
    await second.getByLabel('Email').fill('xiaomei@example.com');
    await second.getByLabel('Password').fill('correct horse battery');
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await second.getByRole('navigation').getByRole('button', { name: 'Library', exact: true }).click();
    await expect(second.getByTestId('library-course')).toContainText('Introduction to Algorithms', { timeout: 20_000 });
    await second
      .getByTestId('library-course')
      .getByRole('button', { name: /Introduction to Algorithms/ })
      .click();
    await second.getByRole('button', { name: 'Notes of this course' }).click();
    await expect(second.getByTestId('course-note')).toHaveCount(2, { timeout: 20_000 });
    await expect(second.getByText('大 O 只看增长趋势')).toBeVisible();
    const [download] = await Promise.all([
      second.waitForEvent('download'),
      second.getByRole('button', { name: 'Export as Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Introduction to Algorithms From Sorting to Dynamic Programming.md');
    await shot(second, 'notes-en-light');
    await second.getByRole('button', { name: /^← Introduction/ }).click();
    await expect(second.getByTestId('rate-form')).toContainText('Your rating');
    await expect(second.getByTestId('review')).toContainText('讲得清楚，例子很好');

    // The first device sees the second in its device list.
    await nav('账户');
    await expect(page.getByTestId('devices').getByRole('listitem')).toHaveCount(2);
    await contextB.close();

    // The study screens, looked at in both languages and both themes.
    for (const look of LOOKS) {
      const { language, theme } = look;
      await applyLook(page, hostA, look);
      const name = (screen: string) => `${screen}-${language}-${theme}`;
      await page.getByRole('navigation').getByRole('button').nth(2).click();
      await page.getByTestId('library-course').getByRole('button').first().click();
      await expect(page.getByTestId('rate-form')).toBeVisible();
      await shot(page, name('course'));
      await page.locator('.outline-lesson__open').nth(2).click();
      await expect(page.getByTestId('pdf-viewer').getByTestId('watermark').first()).toBeVisible();
      await shot(page, name('lesson-pdf'));
      await page.locator('.outline-lesson__open').first().waitFor({ state: 'detached' });
      await page.getByRole('button', { name: /^← / }).first().click();
      await page.locator('.outline-lesson__open').first().click();
      await expect(page.getByTestId('markdown-reader')).toBeVisible();
      await shot(page, name('lesson-text'));
      await page.getByRole('button', { name: /^← / }).first().click();
      await page.getByTestId('notes-link').click();
      await expect(page.getByTestId('course-note')).toHaveCount(2);
      await shot(page, name('notes'));
      await page.getByRole('combobox').fill('算法');
      await expect(page.getByTestId('search-course').first()).toBeVisible();
      await shot(page, name('search'));
      await page.getByRole('combobox').fill('');
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await contextA.close();
    await hostB?.stop();
    await hostA.stop();
    await server.stop();
    for (const dir of [serverDir, dirA, dirB]) dir.remove();
  }
});
