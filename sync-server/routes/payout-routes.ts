import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const accountParam = z.string().regex(/^acct_test_[0-9a-f]{16}$/);
const page = (body: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>知库 · Zhiku</title>
<body style="font-family:sans-serif;max-width:560px;margin:8vh auto;line-height:1.6;padding:0 16px">${body}</body></html>`;
const html = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};

/**
 * Creator payouts: a creator's Express account and its onboarding on the provider's pages.
 * In the embedded test mode, a labelled test onboarding page stands in for Stripe's and sends
 * the same `account.updated` event.
 */
export function registerPayoutRoutes(app: FastifyInstance, context: ServerContext): void {
  const { payouts } = context;

  app.get('/v1/creator/payouts', async (request) => ({
    account: await payouts.status(await requireCaller(context.auth, request)),
  }));

  app.get('/v1/creator/earnings', async (request) => payouts.earnings(await requireCaller(context.auth, request)));

  app.get('/v1/admin/revenue', async (request) => {
    const caller = await requireCaller(context.auth, request);
    if (caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    return payouts.revenue();
  });

  app.post('/v1/creator/payouts/onboarding', async (request) => {
    const caller = await requireCaller(context.auth, request);
    const { email } = await context.auth.profile(caller.userId);
    return payouts.onboard(caller, email);
  });

  // Where the provider's onboarding returns to (its links must be web addresses): back to the app.
  app.get<{ Querystring: { expired?: string } }>('/payouts/onboarding', async (request, reply) => {
    const expired = request.query.expired === '1';
    return reply
      .headers(html)
      .send(
        page(
          expired
            ? '<p>这个链接已过期：请回到知库的创作中心，重新开始收款设置。</p><p>This link has expired: go back to the Studio in Zhiku and start the payout setup again.</p>'
            : '<p>收款设置已提交，可以回到知库查看状态。</p><p>Your payout setup was sent. Go back to Zhiku to see its status.</p>',
        ),
      );
  });

  if (context.config.payments !== 'test') return;
  app.get<{ Params: { accountId: string } }>('/v1/test-connect/:accountId', async (request, reply) => {
    const accountId = parseWith(accountParam, request.params.accountId);
    const account = await payouts.testAccount(accountId);
    const body = !account
      ? '<p>没有这个账户 · No such account.</p>'
      : account.ready
        ? '<p>收款账户已就绪 · The payout account is ready.</p>'
        : `<form method="post" action="/v1/test-connect/${accountId}/complete"><button type="submit" style="font-size:18px;padding:8px 20px">完成测试开户 · Complete test onboarding</button></form>`;
    return reply
      .headers(html)
      .send(
        page(
          `<p style="background:#fbeed2;color:#8a5a00;padding:8px 12px;border-radius:6px"><strong>测试收款开户，不涉及真实资金 · TEST ONBOARDING — no money moves</strong></p><h1>知库 · Zhiku</h1>${body}`,
        ),
      );
  });

  app.post<{ Params: { accountId: string } }>('/v1/test-connect/:accountId/complete', async (request, reply) => {
    const accountId = parseWith(accountParam, request.params.accountId);
    const outcome = await payouts.applyAccountEvent({
      id: `evt_test_connect_${accountId}`,
      type: 'account.updated',
      data: { object: { id: accountId, details_submitted: true, charges_enabled: true, payouts_enabled: true } },
    });
    return reply
      .headers(html)
      .send(page(`<p>测试开户完成，可以回到知库 · Test onboarding done (${outcome}). You can return to Zhiku.</p>`));
  });
}
