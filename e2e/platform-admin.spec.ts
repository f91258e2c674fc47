import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, LOOKS, startJourney } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

/**
 * The platform administrator runs the platform from the app, never the API: sees the payments
 * mode, makes a creator, creates a school and invites its head (who accepts in their own app),
 * grants the school seats, and refunds a course of an order.
 */
test('the platform admin screen: users, organizations and seats, orders and refunds', async ({ browser }) => {
  // 24 axe audits (six tabs in four looks, ~1.6 s each alone) and the 900 px pass take about
  // 70 s alone; beside the catalogue's model build on a slower CI machine it ran past 150 s.
  test.setTimeout(300_000);
  const serverDir = makeTempDir('zhiku-platform-server-');
  const dir = makeTempDir('zhiku-platform-device-');
  const server = await startSyncServer(serverDir.path, 0, { ZHIKU_ADMIN_EMAILS: 'root@zhiku.example' });
  const api = serverApi(server.url);
  await api.account('root@zhiku.example', '平台管理员');
  const head = await api.account('head@school.example', '张校长');
  const buyer = await api.account('buyer@example.com', '买家小王');
  const order = await api.call<{ orderId: string; checkoutUrl: string }>(
    'POST',
    '/v1/orders',
    { courseIds: ['python-data', 'algorithms-intro'] },
    buyer.accessToken,
  );
  await fetch(`${order.checkoutUrl}/pay`, { method: 'POST' });

  const host = await startCoreHost({ dataDir: dir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    const { page, pageErrors, nav } = await startJourney(context, host);
    // Not signed in as an administrator: no admin screen in the sidebar.
    await expect(
      page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '平台管理' }),
    ).toHaveCount(0);
    await nav('账户');
    await page.getByLabel('邮箱').fill('root@zhiku.example');
    await page.getByLabel('密码').fill('correct horse battery');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('平台管理员');
    await nav('平台管理');
    await expect(page.getByTestId('payments-mode')).toContainText('测试结账');
    await expect(page.getByTestId('admin-overview')).toContainText('已付款订单1');

    // Users: found by a part of the address; a learner made a creator.
    await page.getByRole('tab', { name: '用户' }).click();
    await page.getByRole('searchbox', { name: '按邮箱或姓名查找' }).fill('HEAD@');
    await page.getByRole('button', { name: '查找' }).click();
    await expect(page.getByTestId('admin-user')).toHaveCount(1);
    await page.getByRole('combobox', { name: '张校长 的角色' }).selectOption('creator');
    await expect(page.getByTestId('admin-users-message')).toHaveText('已设为创作者：可以编写和销售课程。');
    const profile = await api.call<{ user: { role: string } }>('GET', '/v1/me', undefined, head.accessToken);
    expect(profile.user.role).toBe('creator');

    // An organization, with its head invited; an address without an account is refused, and says why.
    await page.getByRole('tab', { name: '机构与席位' }).click();
    const create = page.getByTestId('create-organization');
    await create.getByLabel('机构名称').fill('北京第一中学');
    await create.getByLabel('管理员邮箱').fill('nobody@school.example');
    await create.getByRole('button', { name: '创建并邀请' }).click();
    await expect(page.getByTestId('create-organization-message')).toHaveText('没有使用这个邮箱的账户。请对方先注册。');
    await create.getByLabel('管理员邮箱').fill('head@school.example');
    await create.getByRole('button', { name: '创建并邀请' }).click();
    await expect(page.getByTestId('create-organization-message')).toContainText('已创建“北京第一中学”');
    await expect(page.getByTestId('admin-organization')).toContainText('1 人待接受');
    const invitations = await api.call<{ invitations: { id: string; organization: { name: string } }[] }>(
      'GET',
      '/v1/organizations/invitations',
      undefined,
      head.accessToken,
    );
    expect(invitations.invitations.map((i) => i.organization.name)).toEqual(['北京第一中学']);

    // Seats for the school's course, managed by its head.
    const pool = page.getByTestId('create-pool');
    await pool.getByLabel('机构').fill('北京第一中学');
    await pool.getByLabel('课程').selectOption({ index: 1 });
    await pool.getByLabel('管理人邮箱').fill('head@school.example');
    await pool.getByLabel('席位数').fill('40');
    await pool.getByRole('button', { name: '分配席位' }).click();
    await expect(page.getByTestId('create-pool-message')).toHaveText('已为 北京第一中学 分配 40 个席位。');
    await expect(page.getByTestId('admin-pool')).toContainText('已用 0 / 40 个席位');

    // Orders: the buyer's order found by address, one course refunded after a confirmation.
    await page.getByRole('tab', { name: '订单与退款' }).click();
    await page.getByRole('searchbox', { name: '按订单号、邮箱或姓名查找' }).fill('buyer@');
    await page.getByRole('button', { name: '查找' }).click();
    const row = page.getByTestId('admin-order');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(order.orderId);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('buyer@example.com');
      void dialog.accept();
    });
    await row.getByRole('button', { name: '退款' }).first().click();
    await expect(page.getByTestId('admin-orders-message')).toContainText('已退还');
    await expect(row).toContainText('部分退款');
    await expect(row.getByRole('button', { name: '退款' })).toHaveCount(1);

    // Revenue: the platform's fee on the course kept, the refunded one's given back; the demo
    // catalog's creators have no payout accounts, so their share is still to pay.
    await page.getByRole('tab', { name: '营收' }).click();
    const revenue = page.getByTestId('revenue-totals');
    await expect(revenue).toContainText('平台营收（服务费）');
    await expect(page.getByTestId('revenue-creators').getByRole('row')).toHaveCount(3);
    await expect(page.getByTestId('revenue-creators')).toContainText('未设置');
    await expect(page.getByTestId('revenue-chart')).toBeVisible();

    // Memberships: the platform sells a yearly membership to every course.
    await page.getByRole('tab', { name: '会员' }).click();
    await page.getByLabel('名称（中文）').fill('全站会员');
    await page.getByLabel('名称（英文）').fill('All of Zhiku');
    await page.getByLabel('价格').fill('299');
    await page.getByRole('combobox', { name: '计费周期' }).selectOption('year');
    await page.getByRole('button', { name: '创建方案' }).click();
    await expect(page.getByTestId('plans-message')).toHaveText('方案已创建，现已开售。');
    await expect(page.getByTestId('plan')).toContainText('¥299.00 / 年');
    await expect(page.getByTestId('plan')).toContainText('知库全部课程');

    // Looked at, and audited, in both languages and themes.
    const problems: string[] = [];
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      for (const tab of ['overview', 'revenue', 'memberships', 'users', 'organizations', 'orders']) {
        await page.locator(`#admin-tab-${tab}`).click();
        await expect(page.locator(`#admin-panel-${tab} .skeleton`)).toHaveCount(0);
        await shot(page, `admin-${tab}-${look.language}-${look.theme}`);
        const audit = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .analyze();
        for (const violation of audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
          problems.push(`${tab} ${look.language} ${look.theme}: ${violation.id} — ${violation.help}`);
      }
    }
    expect(problems).toEqual([]);
    // And on a small laptop: every tab fits the width.
    await page.setViewportSize({ width: 900, height: 900 });
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      for (const tab of ['overview', 'revenue', 'memberships', 'users', 'organizations', 'orders']) {
        await page.locator(`#admin-tab-${tab}`).click();
        await expect(page.locator(`#admin-panel-${tab} .skeleton`)).toHaveCount(0);
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
        expect(overflow, `${tab} at 900 px scrolls sideways`).toBeLessThanOrEqual(0);
        await shot(page, `admin-${tab}-900-${look.language}-${look.theme}`);
      }
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
