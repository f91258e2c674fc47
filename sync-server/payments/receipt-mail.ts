import { receiptMail } from '../mail/account-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { orderReceipt } from './order-receipt.js';

export const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);

/** Mails the buyer a receipt for a paid order: each course by name, the amounts, the date, who bought it. */
export async function sendReceipt(db: SqlDatabase, mailer: Mailer, orderId: string): Promise<void> {
  const receipt = await orderReceipt(db, orderId);
  if (!receipt || receipt.order.totalAmount === 0) return;
  const { order, buyer, lines } = receipt;
  await mailer.send(
    receiptMail(buyer.email, {
      buyer: buyer.name,
      orderId: order.id,
      date: new Date(order.updatedAt),
      lines: lines.map((line) => ({ title: line.title, amount: money(line.amount, line.currency) })),
      total: money(order.totalAmount, order.currency),
      testMode: order.testMode,
    }),
  );
}
