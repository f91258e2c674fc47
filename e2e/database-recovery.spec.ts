import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, invokeOnHost, LOOKS, signUpInApp, startJourney } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/** Noise over pages in the middle of the file, as a failing disk would leave it. */
function damage(file: string): void {
  const fd = openSync(file, 'r+');
  const pages = Math.floor(statSync(file).size / 4096);
  for (let page = 2; page < Math.min(40, pages); page += 3)
    writeSync(fd, Buffer.alloc(4096, (page * 37) % 256), 0, 4096, page * 4096);
  closeSync(fd);
}

/**
 * The learner writes notes and a rating offline; the laptop's database file is damaged before
 * they sync. At the next start the app rebuilds from the server and shows what it kept aside;
 * the learner restores it and it syncs.
 */
test('a damaged database: rebuilt from the server, unsynced changes shown and restored', async ({ browser }) => {
  test.setTimeout(180_000);
  const serverDir = makeTempDir('zhiku-recovery-server-');
  const dir = makeTempDir('zhiku-recovery-device-');
  let server = await startSyncServer(serverDir.path);
  const port = Number(new URL(server.url).port);
  let host = await startCoreHost({ dataDir: dir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    let { page, pageErrors, nav } = await startJourney(context, host);
    await nav('账户');
    await signUpInApp(page, '小周', 'xiaozhou@example.com');
    await expect(page.getByTestId('sync-state')).toHaveText('已同步', { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
    // The learner looks at two courses: their lessons (not held, so not replicated) come with the page.
    for (const title of ['算法导论', '屏幕排版']) {
      await nav('课程目录');
      await page.getByTestId('course-card').filter({ hasText: title }).first().click();
      // Fetched on demand: give the page's lesson fetch (loopback) its moment.
      await page.waitForTimeout(1_500);
    }

    // Offline: a download cannot start, and says why.
    await server.stop();
    await invokeOnHost(host, 'downloads.start', { lessonId: 'algo-l2' });
    await nav('下载');
    await expect(page.getByTestId('download-problem')).toHaveText('无法连接同步服务器。连接恢复后会自动继续。');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await shot(page, `downloads-problem-${look.language}-${look.theme}`);
    }
    await page.close();

    // Still offline: two notes and a rating, then the disk fails.
    await invokeOnHost(host, 'notes.save', {
      lessonId: 'type-l1',
      kind: 'note',
      anchor: { type: 'time', start: 12 },
      body: '字距要看整体的灰度',
    });
    await invokeOnHost(host, 'notes.save', {
      lessonId: 'type-l2',
      kind: 'note',
      anchor: { type: 'time', start: 40 },
      body: '行高取字号的 1.5 倍起步',
    });
    await invokeOnHost(host, 'ratings.save', { courseId: 'typography-screens', stars: 5, review: '例子很实用' });
    await host.stop();
    damage(join(dir.path, 'db', 'zhiku.sqlite'));

    server = await startSyncServer(serverDir.path, port);
    host = await startCoreHost({ dataDir: dir.path, syncServerUrl: server.url });
    ({ page, pageErrors, nav } = await startJourney(context, host));
    const notice = page.getByTestId('recovery-notice');
    await expect(notice).toContainText('本机数据库已损坏，已重新建立');
    await expect(notice).toContainText('有 3 项更改尚未同步，已另存');
    await expect(notice).toContainText('字距要看整体的灰度');
    await expect(notice).toContainText('★★★★★ “例子很实用”');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await expect(notice.getByRole('button').first()).toBeVisible();
      await shot(page, `recovery-notice-${look.language}-${look.theme}`);
    }
    await applyLook(page, host, { language: 'zh-CN', theme: 'light' });

    await notice.getByRole('button', { name: '恢复这 3 项更改' }).click();
    await expect(notice).toBeHidden();
    await expect(page.getByTestId('sync-status')).not.toContainText('项待同步', { timeout: 30_000 });
    await nav('我的课程');
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    dir.remove();
    serverDir.remove();
  }
});
