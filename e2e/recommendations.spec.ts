import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test as base, expect, type Page } from '@playwright/test';
import { encodeAggregates } from '../common/recommend/aggregate-format.ts';
import { buildItemAggregates, PROTECTED } from '../common/recommend/aggregates.ts';
import { toDataset } from '../common/recommend/dataset.ts';
import { syntheticRatings } from '../common/recommend/ratings-data.ts';
import { applyLook, LOOKS, signUpInApp, startJourney } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/** Other learners rate over HTTP, as their own devices would sync it. */
async function peerRates(url: string, email: string, ratings: Record<string, number>) {
  const api = serverApi(url);
  const login = await api.account(email);
  for (const [courseId, stars] of Object.entries(ratings)) {
    const doc = {
      id: `${login.user.id}:${courseId}`,
      userId: login.user.id,
      courseId,
      stars,
      createdAt: 1,
      updatedAt: 1,
      _deleted: false,
    };
    expect(
      (
        await api.send(
          'POST',
          '/v1/sync/ratings/push',
          [{ assumedMasterState: null, newDocumentState: doc }],
          login.accessToken,
        )
      ).status,
    ).toBe(200);
  }
}

/**
 * A learner rates a course; after the sync the device builds its recommender from the server's
 * protected aggregates and suggests what learners like them took, saying why; the course page
 * shows "learners who took this also took" and the stars they would give; turning
 * personalisation off leaves only popular courses of their interests.
 */
test('recommendations: suggested with reasons, also-took, predicted stars, personalisation off', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const serverDir = makeTempDir('zhiku-recommend-server-');
  const dir = makeTempDir('zhiku-recommend-device-');
  const server = await startSyncServer(serverDir.path, 0, {
    ZHIKU_RECOMMEND_MIN_SUPPORT: '3',
    ZHIKU_RECOMMEND_REBUILD_SECONDS: '0',
  });
  for (let i = 0; i < 4; i++)
    await peerRates(server.url, `peer${i}@example.com`, { 'typography-screens': 5, 'ancient-china-history': 4 });
  const host = await startCoreHost({ dataDir: dir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const { page, pageErrors, nav } = await startJourney(context, host);

    await nav('账户');
    await signUpInApp(page, '小林', 'xiaolin@example.com');
    await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 30_000 });

    // Rate the free typography course.
    await nav('课程目录');
    await page
      .getByRole('button', { name: /屏幕排版/ })
      .first()
      .click();
    const form = page.getByTestId('rate-form');
    await form.locator('label', { has: page.getByRole('radio', { name: '5 星' }) }).click();
    await page.getByRole('button', { name: '保存评分' }).click();
    await expect(page.getByTestId('sync-status')).not.toContainText('项待同步', { timeout: 30_000 });

    // The model arrives with the sync and is built on the device.
    await nav('设置');
    await expect(page.getByTestId('recommender-status')).toContainText('推荐已就绪', { timeout: 30_000 });
    await nav('首页');
    const recommended = page.getByTestId('recommended');
    await expect(recommended.getByTestId('course-card').first()).toContainText('因为你学过《屏幕排版》', {
      timeout: 30_000,
    });
    await expect(recommended.getByTestId('course-card').first()).toContainText('中国古代史十讲');

    // The course page: what learners who took it also took, with how many took both.
    await page.getByRole('button', { name: '立即同步' }).click();
    await nav('课程目录');
    await page
      .getByRole('button', { name: /屏幕排版/ })
      .first()
      .click();
    const also = page.getByTestId('also-took');
    await expect(also.getByTestId('course-card').first()).toContainText('中国古代史十讲', { timeout: 20_000 });
    await expect(also.getByTestId('course-card').first()).toContainText('4 位学员都学了');
    await also.getByTestId('course-card').first().getByRole('button').first().click();
    await expect(page.getByTestId('predicted-stars')).toContainText('你可能会打 ★');

    for (const look of LOOKS) {
      await applyLook(page, host, look);
      const name = (screen: string) => `${screen}-${look.language}-${look.theme}`;
      const navTo = (zh: string, en: string) =>
        page
          .getByRole('navigation', { name: /主导航|Main navigation/ })
          .getByRole('button', { name: look.language === 'en' ? en : zh, exact: true })
          .click();
      await page.getByTestId('predicted-stars').scrollIntoViewIfNeeded();
      await shot(page, name('course-recommended'));
      await navTo('首页', 'Home');
      await expect(page.getByTestId('recommended')).toBeVisible();
      await shot(page, name('home-recommended'));
      await navTo('设置', 'Settings');
      await page.getByTestId('recommendation-settings').scrollIntoViewIfNeeded();
      await shot(page, name('settings-recommendations'));
      await navTo('课程目录', 'Catalog');
      await page
        .getByRole('button', { name: look.language === 'en' ? /Typography for Screens/ : /屏幕排版/ })
        .first()
        .click();
      await page.getByTestId('also-took').scrollIntoViewIfNeeded();
      await shot(page, name('course-also-took'));
      await page.getByTestId('also-took').getByTestId('course-card').first().getByRole('button').first().click();
    }

    // Personalisation off: nothing "because you studied" any more; interests lead.
    await applyLook(page, host, { language: 'zh-CN', theme: 'light' });
    await nav('设置');
    await page.getByLabel('根据我的课程和评分个性化推荐').uncheck();
    await page.getByRole('button', { name: '音乐艺术', exact: true }).click();
    await nav('首页');
    await expect(recommended).not.toContainText('因为你学过');
    await expect(recommended.getByTestId('course-card').first()).toContainText('古典音乐聆听指南');
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    dir.remove();
    serverDir.remove();
  }
});

/**
 * A device that already holds a large catalogue's snapshot (50,000 courses, 2,000,000 ratings)
 * but no model for it builds the model in the background at its start: Settings shows how far
 * the build is, in both languages and themes, and then that it is ready.
 */
test('recommendations: a large catalogue’s model builds in the background, its progress shown', async ({ browser }) => {
  test.setTimeout(240_000);
  const dir = makeTempDir('zhiku-recommend-large-');
  const data = toDataset(syntheticRatings({ users: 20_000, items: 50_000, groups: 20, perUser: 100, seed: 1 }));
  const aggregates = buildItemAggregates(data, PROTECTED);
  const itemIds = data.itemIds.map((id) => `course-${id}`);
  mkdirSync(join(dir.path, 'recommend'), { recursive: true });
  writeFileSync(
    join(dir.path, 'recommend', 'snapshot.bin'),
    gzipSync(encodeAggregates({ builtAt: Date.UTC(2026, 11, 1), itemIds, aggregates })),
  );
  const host = await startCoreHost({ dataDir: dir.path, syncServerUrl: 'http://127.0.0.1:9' });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const { page, pageErrors, nav } = await startJourney(context, host);
    await nav('设置');
    const status = page.getByTestId('recommender-status');
    await expect(status).toContainText(/正在本机生成推荐… \d+%/, { timeout: 30_000 });
    await status.scrollIntoViewIfNeeded();
    await shot(page, 'recommender-building-zh-CN-light');
    await applyLook(page, host, { language: 'en', theme: 'dark' });
    await expect(status).toContainText(/Building recommendations on this device… \d+%/);
    await shot(page, 'recommender-building-en-dark');
    await expect(status).toContainText(/Recommendations ready: .* for 4\d,\d{3} courses/, { timeout: 120_000 });
    await shot(page, 'recommender-ready-en-dark');
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    dir.remove();
  }
});
