import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import { codeIn, startSmtpInbox } from '../../tests/smtp-inbox.js';
import { signUpAndIn, startTestServer } from './server-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

async function serverWithMail() {
  const inbox = await startSmtpInbox();
  cleanups.push(() => inbox.close());
  const api = await startTestServer(newDir(), {
    ZHIKU_SMTP_URL: inbox.url,
    ZHIKU_MAIL_FROM: 'Zhiku <mail@zhiku.test>',
  });
  cleanups.push(() => api.close());
  return { api, inbox };
}

const login = (api: Awaited<ReturnType<typeof serverWithMail>>['api'], email: string, password: string) =>
  api.call('POST', '/v1/auth/login', {
    body: { email, password, device: { installId: 'install-mail-test-0001', name: 'Laptop', platform: 'linux' } },
  });

describe('mail through a real SMTP server on loopback', () => {
  it('resets a forgotten password with a mailed code that works once, ending every session', async () => {
    const { api, inbox } = await serverWithMail();
    const mei = await signUpAndIn(api, 'mei@example.com');

    // Unknown and known addresses get the same answer; only the known one gets mail.
    const unknown = await api.call('POST', '/v1/auth/password-reset', { body: { email: 'nobody@example.com' } });
    const known = await api.call('POST', '/v1/auth/password-reset', { body: { email: 'MEI@example.com' } });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);
    const mail = await inbox.next('mei@example.com');
    expect(mail.from).toContain('mail@zhiku.test');
    expect(mail.subject).toContain('Reset your Zhiku password');
    expect(mail.text).toContain('重设码');
    expect(inbox.received.some((m) => m.to.includes('nobody@example.com'))).toBe(false);
    const code = codeIn(mail);

    const reset = (body: Record<string, unknown>) => api.call('POST', '/v1/auth/password-reset/confirm', { body });
    const wrong = await reset({
      email: 'mei@example.com',
      code: code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA',
      newPassword: 'a new long passphrase',
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'CODE_INVALID' } } });
    // Case and spaces do not matter when typing it.
    const spaced = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`;
    expect((await reset({ email: 'mei@example.com', code: spaced, newPassword: 'a new long passphrase' })).status).toBe(
      204,
    );
    expect((await reset({ email: 'mei@example.com', code, newPassword: 'yet another passphrase' })).status).toBe(400);

    // The old password and the old session are over; the new password works.
    expect((await api.call('GET', '/v1/me', { token: mei.accessToken })).status).toBe(401);
    expect((await login(api, 'mei@example.com', 'correct horse battery')).status).toBe(401);
    expect((await login(api, 'mei@example.com', 'a new long passphrase')).status).toBe(200);
  });

  it('stops a code after five wrong tries, even the right one afterwards', async () => {
    const { api, inbox } = await serverWithMail();
    await signUpAndIn(api, 'lin@example.com');
    await api.call('POST', '/v1/auth/password-reset', { body: { email: 'lin@example.com' } });
    const code = codeIn(await inbox.next('lin@example.com'));
    const wrongCode = code.startsWith('A') ? 'BBBBBBBB' : 'AAAAAAAA';
    for (let i = 0; i < 5; i++)
      await api.call('POST', '/v1/auth/password-reset/confirm', {
        body: { email: 'lin@example.com', code: wrongCode, newPassword: 'a new long passphrase' },
      });
    const late = await api.call('POST', '/v1/auth/password-reset/confirm', {
      body: { email: 'lin@example.com', code, newPassword: 'a new long passphrase' },
    });
    expect(late.status).toBe(400);
  });

  it('verifies the address with a mailed code and keeps the profile the person edits', async () => {
    const { api, inbox } = await serverWithMail();
    const ana = await signUpAndIn(api, 'ana@example.com');
    expect((await api.call('GET', '/v1/me', { token: ana.accessToken })).body).toMatchObject({
      user: { email: 'ana@example.com', emailVerified: false, bio: '', languages: [] },
    });
    expect((await api.call('POST', '/v1/me/email-verification', { token: ana.accessToken })).status).toBe(202);
    const code = codeIn(await inbox.next('ana@example.com'));
    const verified = await api.call('POST', '/v1/me/email-verification/confirm', {
      token: ana.accessToken,
      body: { code },
    });
    expect(verified.body).toMatchObject({ user: { emailVerified: true } });

    const edited = await api.call('PATCH', '/v1/me', {
      token: ana.accessToken,
      body: { displayName: '安娜', bio: '数据分析师', languages: ['zh-CN', 'en'] },
    });
    expect(edited.body).toMatchObject({ user: { displayName: '安娜', bio: '数据分析师', languages: ['zh-CN', 'en'] } });
    expect((await api.call('PATCH', '/v1/me', { token: ana.accessToken, body: {} })).status).toBe(400);
    expect((await api.call('PATCH', '/v1/me', { token: ana.accessToken, body: { bio: 'x'.repeat(501) } })).status).toBe(
      400,
    );
    // Unchanged by the refused edits.
    expect((await api.call('GET', '/v1/me', { token: ana.accessToken })).body).toMatchObject({
      user: { bio: '数据分析师' },
    });
  });

  it('mails a receipt naming the course, the amount, the date and the buyer once an order is paid', async () => {
    const { api, inbox } = await serverWithMail();
    const buyer = await signUpAndIn(api, 'buyer@example.com');
    const order = await api.call<{ orderId: string; checkoutUrl: string }>('POST', '/v1/orders', {
      token: buyer.accessToken,
      body: { courseIds: ['algorithms-intro'] },
    });
    await fetch(`${order.body.checkoutUrl}/pay`, { method: 'POST' });
    const receipt = await inbox.next('buyer@example.com');
    expect(receipt.subject).toContain(order.body.orderId);
    expect(receipt.text).toContain('算法导论：从排序到动态规划');
    expect(receipt.text).toContain('Introduction to Algorithms');
    expect(receipt.text).toMatch(/CN¥199\.00|¥199\.00/);
    expect(receipt.text).toContain('buyer');
    expect(receipt.text).toContain('Test payment');
    expect(receipt.text).toMatch(/20\d\d/);
  });
});

describe('the outbox (no SMTP server configured)', () => {
  it('keeps outgoing mail as .eml files a person can open', async () => {
    const dir = newDir();
    const api = await startTestServer(dir);
    cleanups.push(() => api.close());
    await signUpAndIn(api, 'offline@example.com');
    expect((await api.call('POST', '/v1/auth/password-reset', { body: { email: 'offline@example.com' } })).status).toBe(
      202,
    );
    const files = readdirSync(join(dir, 'outbox')).filter((name) => name.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, 'outbox', files[0]!), 'utf8');
    expect(eml).toMatch(/^To: offline@example\.com$/m);
    expect(eml).toMatch(/^Subject: /m);
  });

  it('mails the people an organization invites: its first administrator, then a roster', async () => {
    const { api, inbox } = await serverWithMail();
    const boss = await signUpAndIn(api, 'boss@zhiku.example');
    await api.context.auth.setRole(boss.userId, 'admin');
    const head = await signUpAndIn(api, 'head@school.example');
    const created = await api.call<{ organization: { id: string }; invitationId: string }>(
      'POST',
      '/v1/admin/organizations',
      { token: boss.accessToken, body: { name: '北京第一中学', adminEmail: 'head@school.example' } },
    );
    expect(created.status).toBe(201);
    const toHead = await inbox.next('head@school.example');
    expect(toHead.subject).toContain('北京第一中学');
    expect(toHead.text).toContain('boss');
    expect(toHead.text).toContain('Institution screen');

    await api.call('POST', `/v1/organizations/invitations/${created.body.invitationId}/accept`, {
      token: head.accessToken,
      body: {},
    });
    const roster = await api.call('POST', `/v1/organizations/${created.body.organization.id}/roster`, {
      token: head.accessToken,
      body: { csv: 'email,name\nli@school.example,李雷\n', dryRun: false },
    });
    expect(roster.status).toBe(200);
    const toLi = await inbox.next('li@school.example');
    expect(toLi.text).toContain('head 邀请你加入 北京第一中学');
    // A preview invites nobody, and mails nobody.
    await api.call('POST', `/v1/organizations/${created.body.organization.id}/roster`, {
      token: head.accessToken,
      body: { csv: 'email,name\nhan@school.example,韩梅梅\n', dryRun: true },
    });
    // (A mail sent after the preview has arrived, so one for the preview would have too.)
    await api.call('POST', '/v1/auth/password-reset', { body: { email: 'head@school.example' } });
    await inbox.next('head@school.example');
    expect(inbox.received.some((mail) => mail.to.includes('han@school.example'))).toBe(false);
  });
});
