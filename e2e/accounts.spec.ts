import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInApp } from './support/fixtures.ts';
import { codeIn, latestMail, outboxCount } from './support/outbox.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';

const shots = join(import.meta.dirname, '../test-results/screenshots');
test.use({ actionTimeout: 20_000 });

/**
 * An account that looks after itself, in the app: the address verified with the mailed
 * code, a profile, a changed password, a forgotten one reset from the sign-in screen —
 * mail read from the development server's outbox, as a person would read it.
 */
test('verify the e-mail, edit the profile, change the password, and reset a forgotten one', async ({ browser }) => {
  test.setTimeout(120_000);
  const serverDir = makeTempDir('zhiku-accounts-server-');
  const deviceDir = makeTempDir('zhiku-accounts-device-');
  const server = await startSyncServer(serverDir.path);
  const host = await startCoreHost({ dataDir: deviceDir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await openApp(page, host.launchUrl);
    await applyLook(page, host, LOOKS[0]);
    await page.locator('[data-nav="account"]').click();
    await signUpInApp(page, '小周', 'zhou@example.com');

    // The verification code was mailed at sign-up.
    const banner = page.getByTestId('verify-email');
    await expect(banner).toContainText('zhou@example.com');
    const verification = await latestMail(serverDir.path, 'zhou@example.com');
    expect(verification.subject).toContain('验证你的知库邮箱');
    await banner.getByPlaceholder('8 位验证码').fill('AAAA2222');
    await banner.getByRole('button', { name: '验证', exact: true }).click();
    await expect(banner).toContainText('验证码不正确或已过期');
    await banner.getByPlaceholder('8 位验证码').fill(codeIn(verification.text).toLowerCase());
    await banner.getByRole('button', { name: '验证', exact: true }).click();
    await expect(banner).toBeHidden();

    // The profile: a new name shows everywhere the session does.
    const profile = page.getByTestId('profile-form');
    await profile.getByLabel('昵称').fill('周老师');
    await profile.getByLabel('个人简介').fill('十年中学数学教师。');
    await profile.getByLabel('English').check();
    await profile.getByRole('button', { name: '保存资料' }).click();
    await expect(profile).toContainText('资料已保存。');
    await expect(page.getByTestId('signed-in-as')).toContainText('周老师');
    // A picture: made small and square on this device, kept by the server, removable.
    await page.getByTestId('avatar-file').setInputFiles(join(import.meta.dirname, '../resources/icons/icon-256.png'));
    await expect(page.getByTestId('avatar-message')).toHaveText('头像已保存。');
    const avatar = page.getByTestId('avatar');
    await expect(avatar).toHaveAttribute('src', /^data:image\/webp;base64,/);
    expect(await avatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(192);
    expect(((await avatar.getAttribute('src')) ?? '').length).toBeLessThan(40_000);
    await page.getByTestId('avatar-file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a picture'),
    });
    await expect(page.getByTestId('avatar-message')).toContainText('无法读取这个文件');
    await expect(avatar).toBeVisible();
    for (const look of LOOKS) {
      await applyLook(page, host, look);
      await page.screenshot({ path: join(shots, `account-${look.language}-${look.theme}.png`), fullPage: true });
    }
    await applyLook(page, host, LOOKS[0]);

    // A changed password: the wrong current one is refused with a clear message.
    const password = page.getByTestId('password-form');
    await password.getByLabel('当前密码').fill('not my password');
    await password.getByLabel('新密码').fill('a brand new passphrase');
    await password.getByRole('button', { name: '修改密码' }).click();
    await expect(password).toContainText('当前密码不正确。');
    await password.getByLabel('当前密码').fill('correct horse battery');
    await password.getByRole('button', { name: '修改密码' }).click();
    await expect(password).toContainText('密码已修改');

    // Signed out, the password forgotten: a code by mail, a new password, signed in again.
    await page.getByRole('button', { name: '在本设备退出登录' }).click();
    await page.getByRole('button', { name: '忘记密码？' }).click();
    const forgot = page.getByTestId('forgot-password');
    const before = outboxCount(serverDir.path);
    await forgot.getByLabel('邮箱').fill('zhou@example.com');
    await forgot.getByRole('button', { name: '发送重设码' }).click();
    await expect(forgot).toContainText('重设码已在路上');
    const reset = await latestMail(serverDir.path, 'zhou@example.com', before);
    expect(reset.subject).toContain('重设知库密码');
    await forgot.getByLabel('重设码').fill(codeIn(reset.text));
    await forgot.getByLabel('新密码').fill('short');
    await forgot.getByRole('button', { name: '重设密码并登录' }).click();
    await expect(forgot).toContainText('密码至少需要 10 个字符');
    await page.screenshot({ path: join(shots, 'forgot-password-zh-CN-light.png') });
    await forgot.getByLabel('新密码').fill('the third passphrase');
    await forgot.getByRole('button', { name: '重设密码并登录' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('周老师');

    // Sign out everywhere ends this device's session too.
    await page.getByRole('button', { name: '在所有设备退出登录' }).click();
    await expect(page.getByRole('button', { name: '忘记密码？' })).toBeVisible();
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
    serverDir.remove();
    deviceDir.remove();
  }
});
