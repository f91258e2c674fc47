import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInApp } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/**
 * IT provisions a classroom laptop: the app reads the signed file, points at the institution's
 * server, shows the locked settings as locked, and the learner who signs up joins the school.
 */
test('a provisioned laptop: managed by the school, locked settings, the learner joins by signing up', async ({ browser }) => {
  test.setTimeout(120_000);
  const serverDir = makeTempDir('zhiku-institution-server-');
  const dir = makeTempDir('zhiku-institution-device-');
  const server = await startSyncServer(serverDir.path, 0, { ZHIKU_ADMIN_EMAILS: 'it@school.example' });
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  await post('/v1/auth/register', { email: 'it@school.example', password: 'correct horse battery', displayName: 'IT', role: 'learner' });
  const admin = (await (await post('/v1/auth/login', { email: 'it@school.example', password: 'correct horse battery', device: { installId: 'install-it-e2e-0001', name: 'IT', platform: 'linux' } })).json()) as { accessToken: string };
  const signed = await post('/v1/admin/provisioning', { organization: { name: '北京第一中学' }, serverUrl: server.url, enrollment: { maxUses: 40 }, defaultLanguage: 'zh-CN', lockedSettings: { syncServerUrl: server.url } }, admin.accessToken);
  expect(signed.status).toBe(201);
  const file = join(dir.path, 'provisioning.json');
  writeFileSync(file, JSON.stringify(await signed.json()));
  // The laptop's own setting points elsewhere: the provisioning file wins.
  const host = await startCoreHost({ dataDir: join(dir.path, 'data'), syncServerUrl: 'http://127.0.0.1:9', provisioningFile: file });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page, host.launchUrl);
    const nav = (name: string) => page.getByRole('navigation', { name: /主导航|Main navigation/ }).getByRole('button', { name, exact: true }).click();
    await nav('设置');
    await expect(page.getByTestId('provisioning-banner')).toContainText('本机由北京第一中学统一管理');
    await expect(page.getByLabel('服务器地址')).toHaveValue(server.url);
    await expect(page.getByLabel('服务器地址')).toBeDisabled();
    await expect(page.getByTestId('locked-badge')).toContainText('由北京第一中学设定');

    await nav('账户');
    await signUpInApp(page, '小明', 'xiaoming@school.example');
    await nav('设置');
    await expect(page.getByTestId('provisioning-banner')).toContainText('你已是该机构成员', { timeout: 20_000 });
    await expect(page.getByTestId('recommender-status')).toContainText('推荐已就绪', { timeout: 20_000 });
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await expect(page.getByTestId('provisioning-banner')).toBeVisible();
      await shot(page, `settings-provisioned-${look.language}-${look.theme}`);
    }

    // The school gives the learner a course; the laptop exports it to a "USB drive" as a content pack.
    await applyLook(page, host, { language: 'zh-CN', theme: 'light' });
    const organizationId = ((await (await fetch(`${server.url}/v1/organizations/mine`, { headers: { authorization: `Bearer ${admin.accessToken}` } })).json()) as { organizations: { id: string }[] }).organizations[0];
    expect(organizationId).toBeUndefined(); // the IT account provisions; it is not a member itself
    const provisioned = JSON.parse(readFileSync(file, 'utf8')) as { provisioning: { organization: { id: string } } };
    const members = (await (await fetch(`${server.url}/v1/organizations/${provisioned.provisioning.organization.id}/members`, { headers: { authorization: `Bearer ${admin.accessToken}` } })).json()) as { members: { userId: string; email: string }[] };
    const learnerId = members.members.find((m) => m.email === 'xiaoming@school.example')!.userId;
    expect((await post('/v1/admin/entitlements', { userId: learnerId, courseId: 'python-data' }, admin.accessToken)).status).toBe(201);
    await nav('下载');
    const packs = page.getByTestId('content-packs');
    await packs.getByRole('button', { name: 'Python 数据分析入门' }).click();
    const usb = join(dir.path, 'usb');
    mkdirSync(usb);
    await packs.getByLabel('文件夹（完整路径，如 U 盘）').first().fill(usb);
    await packs.getByRole('button', { name: '导出', exact: true }).click();
    await expect(page.getByTestId('packs-result')).toContainText('已导出 4 节课', { timeout: 30_000 });
    await packs.getByLabel('文件夹（完整路径，如 U 盘）').last().fill(usb);
    await packs.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByTestId('packs-result')).toContainText('已导入 4 节课：4 节可打开，0 节等待授权', { timeout: 30_000 });
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await packs.scrollIntoViewIfNeeded();
      await shot(page, `downloads-packs-${look.language}-${look.theme}`);
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    dir.remove();
    serverDir.remove();
  }
});
