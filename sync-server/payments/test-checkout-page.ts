import type { TestCheckoutView } from './test-checkout.js';
import { money } from './receipt-mail.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The embedded test checkout's page: like a real checkout it names what is bought (each
 * course and its price), the total, the date, and who is paying — in both languages, and
 * plainly marked as a test in which no money moves. Every value is escaped.
 */
export function testCheckoutPage(sessionId: string, checkout: TestCheckoutView): string {
  const date = new Date(checkout.createdAt);
  const lines = checkout.lines
    .map((line) => {
      const title =
        line.title.zh === line.title.en || !line.title.en ? line.title.zh : `${line.title.zh} · ${line.title.en}`;
      return `<tr><td>${escapeHtml(title || line.courseId)}</td><td style="text-align:right">${escapeHtml(money(line.amount, line.currency))}</td></tr>`;
    })
    .join('');
  const buyer = checkout.buyer
    ? `<p>购买人 Buyer: <strong>${escapeHtml(checkout.buyer.name)}</strong> &lt;${escapeHtml(checkout.buyer.email)}&gt;</p>`
    : '';
  const action = checkout.paid
    ? '<p>已付款 · Paid</p>'
    : `<form method="post" action="/v1/test-checkout/${escapeHtml(sessionId)}/pay"><button type="submit" style="font-size:18px;padding:8px 20px">模拟付款 · Pay (test)</button></form>`;
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>测试付款 · Test payment</title>
<body style="font-family:sans-serif;max-width:560px;margin:8vh auto;line-height:1.6;padding:0 16px">
<p style="background:#fbeed2;color:#8a5a00;padding:8px 12px;border-radius:6px"><strong>测试付款，不会扣款 · TEST PAYMENT — no money moves</strong></p>
<h1>知库 · Zhiku</h1>
<p>订单 Order <code>${escapeHtml(checkout.orderId)}</code> · ${escapeHtml(date.toISOString().slice(0, 10))}</p>
${buyer}
<table style="width:100%;border-collapse:collapse" data-testid="checkout-lines"><tbody>${lines}</tbody>
<tfoot><tr><th style="text-align:left;border-top:1px solid #ccc">合计 Total</th><th style="text-align:right;border-top:1px solid #ccc">${escapeHtml(money(checkout.totalAmount, checkout.currency || 'CNY'))}</th></tr></tfoot></table>
${action}
</body></html>`;
}
