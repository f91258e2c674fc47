import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { money } from '../payments/receipt-mail.js';
import { parseWith } from '../http/http-error.js';
import type { ServerContext } from '../server-context.js';

const sessionParam = z.string().regex(/^cs_test_sub_[A-Za-z0-9_-]{10,40}$/);
const subscriptionParam = z.string().regex(/^sub_test_[0-9a-f]{16}$/);
const customerParam = z.string().regex(/^cus_test_[0-9a-f]{16}$/);
const DRIVERS = ['renew', 'fail', 'end-period', 'cancel-now'] as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (ms: number) => (ms > 0 ? new Date(ms).toISOString().slice(0, 10) : '—');
const html = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};
const page = (body: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>测试订阅 · Test billing</title>
<body style="font-family:sans-serif;max-width:600px;margin:8vh auto;line-height:1.6;padding:0 16px">
<p style="background:#fbeed2;color:#8a5a00;padding:8px 12px;border-radius:6px"><strong>测试订阅，不会扣款 · TEST BILLING — no money moves</strong></p>
<h1>知库 · Zhiku</h1>${body}</body></html>`;
const button = (action: string, label: string) =>
  `<form method="post" action="${action}" style="display:inline-block;margin:4px 8px 4px 0"><button type="submit" style="font-size:16px;padding:6px 16px">${label}</button></form>`;

/**
 * The embedded test billing (no Stripe keys): a subscription checkout page, a page per test
 * subscription whose buttons drive what time and banks do — a renewal paid or declined, the end
 * of a period, a cancellation — and a stand-in customer portal. Every button makes the events
 * Stripe would send, on the same path. Test mode only.
 */
export function registerTestBillingRoutes(app: FastifyInstance, context: ServerContext): void {
  const { memberships, testBilling } = context;

  app.get<{ Params: { session: string } }>('/v1/test-billing/checkout/:session', async (request, reply) => {
    const session = parseWith(sessionParam, request.params.session);
    const state = await memberships.testMembership({ session });
    if (!state) return reply.status(404).headers(html).send(page('<p>没有这个结账 · No such checkout.</p>'));
    const { membership, plan } = state;
    const price = `${money(Number(plan.price_amount), plan.currency)} / ${plan.billing_interval === 'month' ? '月 month' : '年 year'}`;
    const trial =
      Number(plan.trial_days) > 0 ? `<p>免费试用 ${plan.trial_days} 天 · ${plan.trial_days}-day free trial</p>` : '';
    const action =
      membership.status === 'pending'
        ? button(`/v1/test-billing/checkout/${session}/subscribe`, '模拟订阅 · Subscribe (test)')
        : '<p>已订阅 · Subscribed</p>';
    return reply
      .headers(html)
      .send(
        page(
          `<h2>${escapeHtml(plan.title_zh)} · ${escapeHtml(plan.title_en)}</h2><p>${escapeHtml(price)}</p>${trial}${action}`,
        ),
      );
  });

  app.post<{ Params: { session: string } }>('/v1/test-billing/checkout/:session/subscribe', async (request, reply) => {
    const outcome = await testBilling.subscribe(parseWith(sessionParam, request.params.session));
    return reply
      .headers(html)
      .send(page(`<p>测试订阅完成，可以回到知库 · Subscribed (${outcome}). You can return to Zhiku.</p>`));
  });

  app.get<{ Params: { subscription: string } }>(
    '/v1/test-billing/subscriptions/:subscription',
    async (request, reply) => {
      const subscriptionId = parseWith(subscriptionParam, request.params.subscription);
      const state = await memberships.testMembership({ subscriptionId });
      if (!state) return reply.status(404).headers(html).send(page('<p>没有这个订阅 · No such subscription.</p>'));
      const { membership, plan } = state;
      const base = `/v1/test-billing/subscriptions/${subscriptionId}`;
      return reply.headers(html).send(
        page(`<h2>${escapeHtml(plan.title_zh)} · ${escapeHtml(plan.title_en)}</h2>
<p data-testid="test-subscription">状态 Status: <strong>${escapeHtml(membership.status)}</strong>${Number(membership.cancel_at_period_end) ? ' · 到期取消 cancels at period end' : ''} · 已付至 paid through ${day(Number(membership.paid_through))}</p>
${button(`${base}/renew`, '续费成功 · Renewal paid')}${button(`${base}/fail`, '续费失败 · Renewal declined')}
${button(`${base}/end-period`, '本期结束 · End the period now')}${button(`${base}/cancel-now`, '立即取消 · Cancel now')}`),
      );
    },
  );

  for (const driver of DRIVERS)
    app.post<{ Params: { subscription: string } }>(
      `/v1/test-billing/subscriptions/:subscription/${driver}`,
      async (request, reply) => {
        const subscriptionId = parseWith(subscriptionParam, request.params.subscription);
        const outcome =
          driver === 'renew'
            ? await testBilling.renew(subscriptionId, true)
            : driver === 'fail'
              ? await testBilling.renew(subscriptionId, false)
              : driver === 'end-period'
                ? await testBilling.endPeriod(subscriptionId)
                : await testBilling.cancelNow(subscriptionId);
        return reply
          .headers(html)
          .send(
            page(
              `<p>完成 · Done (${outcome}).</p><p><a href="/v1/test-billing/subscriptions/${subscriptionId}">返回 · Back</a></p>`,
            ),
          );
      },
    );

  app.get<{ Params: { customer: string } }>('/v1/test-billing/portal/:customer', async (request, reply) => {
    const customerId = parseWith(customerParam, request.params.customer);
    const rows = await memberships.testMembershipsOfCustomer(customerId);
    const list = rows
      .map(
        (row) =>
          `<li>${escapeHtml(row.plan_id)} · ${escapeHtml(row.status)} · ${day(Number(row.paid_through))}${row.subscription_id ? ` · <a href="/v1/test-billing/subscriptions/${escapeHtml(row.subscription_id)}">管理 · Manage</a>` : ''}</li>`,
      )
      .join('');
    return reply.headers(html).send(
      page(`<h2>账单与付款方式 · Billing and payment methods</h2>
<p>真实模式下，这里是 Stripe 的客户门户：更换银行卡、下载发票。 · With Stripe, this is Stripe's customer portal: change cards, download invoices.</p><ul>${list}</ul>`),
    );
  });
}
