import type { CourseDoc, OrderDoc } from '../../common/collections/index.js';
import type { LocalizedText } from '../../common/collections/shared-fields.js';
import { readOrder } from '../data/commerce-tables.js';
import type { SqlDatabase } from '../sql/sql-database.js';

export interface OrderReceipt {
  order: OrderDoc;
  buyer: { email: string; name: string };
  lines: { courseId: string; title: LocalizedText; amount: number; currency: string }[];
}

/**
 * What a receipt or a checkout page names: the order, its buyer (from the order's own user,
 * never from a caller's input) and each course by its title. Null when the order is gone.
 */
export async function orderReceipt(db: SqlDatabase, orderId: string): Promise<OrderReceipt | null> {
  const order = await readOrder(db, orderId);
  if (!order) return null;
  const buyer = await db.get<{ email: string; display_name: string }>(
    'SELECT email, display_name FROM users WHERE id = ?',
    [order.userId],
  );
  if (!buyer) return null;
  const lines = [];
  for (const item of order.items) {
    const course = await db.get<{ data: string }>(
      "SELECT data FROM documents WHERE collection = 'courses' AND id = ?",
      [item.courseId],
    );
    const title = course ? (JSON.parse(course.data) as CourseDoc).title : { zh: item.courseId, en: item.courseId };
    lines.push({ courseId: item.courseId, title, amount: item.amount, currency: item.currency });
  }
  return { order, buyer: { email: buyer.email, name: buyer.display_name }, lines };
}
