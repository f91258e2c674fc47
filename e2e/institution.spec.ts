import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, LOOKS, signUpInApp, startJourney } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/**
 * IT provisions a classroom laptop: the app reads the signed file, points at the institution's
 * server, shows the locked settings as locked, and the learner who signs up joins the school.
 */
test('a provisioned laptop: managed by the school, locked settings, the learner joins by signing up', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const serverDir = makeTempDir('zhiku-institution-server-');
  const dir = makeTempDir('zhiku-institution-device-');
  const server = await startSyncServer(serverDir.path, 0, { ZHIKU_ADMIN_EMAILS: 'it@school.example' });
  const api = serverApi(server.url);
  const post = (path: string, body: unknown, token?: string) => api.send('POST', path, body, token);
  const admin = await api.account('it@school.example', 'IT');
  const signed = await post(
    '/v1/admin/provisioning',
    {
      organization: { name: '北京第一中学' },
      serverUrl: server.url,
      enrollment: { maxUses: 40 },
      defaultLanguage: 'zh-CN',
      lockedSettings: { syncServerUrl: server.url },
    },
    admin.accessToken,
  );
  expect(signed.status).toBe(201);
  const file = join(dir.path, 'provisioning.json');
  writeFileSync(file, JSON.stringify(await signed.json()));
  // The laptop's own setting points elsewhere: the provisioning file wins.
  const host = await startCoreHost({
    dataDir: join(dir.path, 'data'),
    syncServerUrl: 'http://127.0.0.1:9',
    provisioningFile: file,
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const { page, pageErrors, nav } = await startJourney(context, host);
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
    const organizationId = (
      (await (
        await fetch(`${server.url}/v1/organizations/mine`, {
          headers: { authorization: `Bearer ${admin.accessToken}` },
        })
      ).json()) as { organizations: { id: string }[] }
    ).organizations[0];
    expect(organizationId).toBeUndefined(); // the IT account provisions; it is not a member itself
    const provisioned = JSON.parse(readFileSync(file, 'utf8')) as { provisioning: { organization: { id: string } } };
    const members = (await (
      await fetch(`${server.url}/v1/organizations/${provisioned.provisioning.organization.id}/members`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      })
    ).json()) as { members: { userId: string; email: string }[] };
    const learnerId = members.members.find((m) => m.email === 'xiaoming@school.example')!.userId;
    expect(
      (await post('/v1/admin/entitlements', { userId: learnerId, courseId: 'python-data' }, admin.accessToken)).status,
    ).toBe(201);
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
    await expect(page.getByTestId('packs-result')).toContainText('已导入 4 节课：4 节可打开，0 节等待授权', {
      timeout: 30_000,
    });
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

/**
 * The school's IT admin in the app: learners with progress and last sync, a roster previewed
 * with its problems and imported, a password set for an imported learner, and a seat moved
 * from a learner who left to another.
 */
test('the institution admin screen: members, roster preview and import, passwords, seats', async ({ browser }) => {
  test.setTimeout(120_000);
  const serverDir = makeTempDir('zhiku-admin-server-');
  const dir = makeTempDir('zhiku-admin-device-');
  const server = await startSyncServer(serverDir.path, 0, { ZHIKU_ADMIN_EMAILS: 'it@school.example' });
  const api = serverApi(server.url);
  const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
    api.call<T>(method, path, body, token);
  const login = (email: string, password: string) => api.login(email, password);
  const it = await api.account('it@school.example', '王老师');
  const { provisioning } = await call<{ provisioning: { organization: { id: string } } }>(
    'POST',
    '/v1/admin/provisioning',
    { organization: { name: '北京第一中学' }, serverUrl: server.url, enrollment: { maxUses: 10 } },
    it.accessToken,
  );
  const org = provisioning.organization.id;
  // The roster invites: IT's own account joins only by accepting (in the app, below); 李雷's address
  // has no account, so the first password IT sets makes one the school owns.
  await call(
    'POST',
    `/v1/organizations/${org}/roster`,
    {
      csv: 'email,name,role\nit@school.example,王老师,admin\nli@school.example,李雷,learner\nhan@school.example,韩梅梅,learner\n',
      dryRun: false,
    },
    it.accessToken,
  );
  const invited = (
    await call<{ members: { userId: string; email: string }[] }>(
      'GET',
      `/v1/organizations/${org}/members`,
      undefined,
      it.accessToken,
    )
  ).members;
  const li = invited.find((m) => m.email === 'li@school.example')!.userId;
  await call(
    'POST',
    `/v1/organizations/${org}/members/${li}/password`,
    { password: 'li lei password' },
    it.accessToken,
  );
  // A seat pool the IT admin manages; 李雷 redeems a code and studies a little.
  const pool = await call<{ poolId: string }>(
    'POST',
    '/v1/admin/seat-pools',
    { institution: '北京第一中学', managerId: it.user.id, courseId: 'python-data', seats: 5 },
    it.accessToken,
  );
  const { codes } = await call<{ codes: string[] }>(
    'POST',
    `/v1/seat-pools/${pool.poolId}/codes`,
    { count: 1, maxUses: 1 },
    it.accessToken,
  );
  const student = await login('li@school.example', 'li lei password');
  await call('POST', '/v1/redeem', { code: codes[0] }, student.accessToken);

  const host = await startCoreHost({ dataDir: dir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  try {
    const { page, pageErrors, nav } = await startJourney(context, host);
    await nav('账户');
    await page.getByLabel('邮箱').fill('it@school.example');
    await page.getByLabel('密码').fill('correct horse battery');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('王老师');
    await nav('机构管理');
    // The school invited IT's own account: it joins only because IT accepts.
    await expect(page.getByTestId('invitation')).toContainText('北京第一中学 邀请你以管理员身份加入');
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await expect(page.getByTestId('invitations')).toBeVisible();
      await shot(page, `institution-invitation-${look.language}-${look.theme}`);
    }
    await applyLook(page, host, { language: 'zh-CN', theme: 'light' });
    await page.getByTestId('invitation').getByRole('button', { name: '加入' }).click();
    await expect(page.getByText('你已加入该机构')).toBeVisible();
    await expect(page.getByTestId('member')).toHaveCount(3);
    await expect(page.getByTestId('members')).toContainText('2 名成员，1 人已邀请');
    const hanRow = page.getByTestId('member').filter({ hasText: '韩梅梅' });
    await expect(hanRow).toContainText('已邀请');
    await expect(hanRow.getByRole('button', { name: '设置密码' })).toBeVisible();

    // A roster with problems is previewed line by line and cannot be imported.
    await page
      .getByLabel('花名册（CSV 文本）')
      .fill('邮箱,姓名\nzhang@school.example,张三\nnot-an-email,李四\nzhang@school.example,张三\n');
    await page.getByRole('button', { name: '预览' }).click();
    await expect(page.getByTestId('roster-problem')).toHaveCount(2);
    await expect(page.getByTestId('roster-problem').first()).toContainText('第 3 行');
    await expect(page.getByRole('button', { name: '导入', exact: true })).toBeDisabled();
    await page
      .getByLabel('花名册（CSV 文本）')
      .fill('邮箱,姓名\nzhang@school.example,张三\nzhao@school.example,赵六\n');
    await page.getByRole('button', { name: '预览' }).click();
    await expect(page.getByTestId('roster-preview')).toContainText('待邀请 2 人');
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByTestId('roster-message')).toContainText('已邀请 2 名学员');
    await expect(page.getByTestId('member')).toHaveCount(5);
    // An invitation not taken up can be withdrawn.
    await page.getByTestId('member').filter({ hasText: '赵六' }).getByRole('button', { name: '撤回' }).click();
    await expect(page.getByText('邀请已撤回')).toBeVisible();
    await expect(page.getByTestId('member')).toHaveCount(4);

    // A password for an imported learner.
    const han = page.getByTestId('member').filter({ hasText: '韩梅梅' });
    await han.getByRole('button', { name: '设置密码' }).click();
    await han.getByLabel('韩梅梅的新密码').fill('han meimei password');
    await han.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('如果这个邮箱还没有账户，学员用这个密码登录')).toBeVisible();
    expect((await login('han@school.example', 'han meimei password')).accessToken).toBeTruthy();
    // Signed in once, 韩梅梅 is a member of the school (and can be given a seat).
    await nav('账户');
    await nav('机构管理');
    await expect(page.getByTestId('member').filter({ hasText: '韩梅梅' })).not.toContainText('已邀请');

    // 李雷 leaves: his seat goes to 韩梅梅.
    const seats = page.getByTestId('seat-pool');
    await expect(seats).toContainText('已用 1 / 5 个席位');
    await seats.getByLabel('接收李雷席位的学员').selectOption({ label: '韩梅梅 (han@school.example)' });
    await seats.getByRole('button', { name: '转移席位' }).click();
    await expect(page.getByText('席位已转移')).toBeVisible();
    await expect(seats).toContainText('韩梅梅');
    // Fresh codes, each with a copy button: the copied code is the one shown, and it works.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await seats.getByRole('button', { name: '生成 5 个兑换码' }).click();
    const made = seats.getByTestId('codes').getByRole('listitem');
    await expect(made).toHaveCount(5);
    const shown = (await made.first().locator('code').textContent())!;
    await made
      .first()
      .getByRole('button', { name: `复制兑换码 ${shown}` })
      .click();
    await expect(made.first().getByRole('button', { name: `复制兑换码 ${shown}` })).toHaveText('已复制');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(shown);
    const newcomer = await api.account('new@school.example', '新同学');
    await call('POST', '/v1/redeem', { code: shown }, newcomer.accessToken);
    const csvHref = await seats.getByRole('link', { name: '下载为 CSV' }).getAttribute('href');
    expect(decodeURIComponent(csvHref!.slice(csvHref!.indexOf(',') + 1))).toContain(`${shown},`);
    // The members as a spreadsheet: one row each, with progress, mastery, exams and certificates.
    const membersCsv = (await page.getByTestId('members-csv').getAttribute('href'))!;
    const membersRows = decodeURIComponent(membersCsv.slice(membersCsv.indexOf(',') + 1))
      .trim()
      .split('\r\n');
    expect(membersRows[0]).toBe('姓名,邮箱,状态,课程,平均进度,已掌握的练习,通过的考试,考试成绩,证书,最近同步');
    expect(membersRows.some((row) => row.startsWith('韩梅梅,han@school.example,学员,'))).toBe(true);
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await expect(page.getByTestId('members')).toBeVisible();
      await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
      await shot(page, `institution-${look.language}-${look.theme}`);
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
