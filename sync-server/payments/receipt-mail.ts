import type { CourseDoc } from '../../common/collections/index.js';
import { readOrder } from '../data/commerce-tables.js';
import { receiptMail } from '../mail/account-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { SqlDatabase } from '../sql/sql-database.js';

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);

/** Mails the buyer a receipt for a paid order: each course by name, the amounts, the date, who bought it. */
export async function sendReceipt(db: SqlDatabase, mailer: Mailer, orderId: string): Promise<void> {
  const order = await readOrder(db, orderId);
  if (!order || order.totalAmount === 0) return;
  const buyer = await db.get<{ email: string; display_name: string }>(
    'SELECT email, display_name FROM users WHERE id = ?',
    [order.userId],
  );
  if (!buyer) return;
  const lines = [];
  for (const item of order.items) {
    const course = await db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'courses' AND id = ?",
      [item.courseId],
    );
    const title = course ? (JSON.parse(course.data) as CourseDoc).title : { zh: item.courseId, en: item.courseId };
    lines.push({ title, amount: money(item.amount, item.currency) });
  }
  await mailer.send(
    receiptMail(buyer.email, {
      buyer: buyer.display_name,
      orderId: order.id,
      date: new Date(order.updatedAt),
      lines,
      total: money(order.totalAmount, order.currency),
      testMode: order.testMode,
    }),
  );
}
