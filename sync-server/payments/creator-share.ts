import type { SqlClient } from '../sql/sql-database.js';
import type { PaymentRecord } from './payment-states.js';

/** One sold line as the creator's share is worked out from it. */
export interface ShareLine {
  amount: number;
  fee: number;
  refunded: boolean;
}

/**
 * What part of an order's charge stands disputed: disputes open or lost, each for its own
 * amount (the whole charge when the provider named none), at most all of it. A won dispute
 * gives its part back.
 */
export function disputedFraction(records: Record<string, PaymentRecord>, chargeTotal: number): number {
  if (chargeTotal <= 0) return 0;
  let disputed = 0;
  for (const record of Object.values(records))
    if (record.kind === 'dispute' && (record.status === 'open' || record.status === 'lost'))
      disputed += record.amount ?? chargeTotal;
  return Math.min(1, disputed / chargeTotal);
}

/**
 * What the creator is owed for one line now: the price less the platform's fee, nothing once the
 * line is refunded, less the disputed part of the charge in proportion. Money already sent beyond
 * this is reversed; money owed beyond what was sent is transferred (creator-transfers.ts).
 */
export function creatorDue(line: ShareLine, fraction: number): number {
  if (line.refunded) return 0;
  const net = Math.max(0, line.amount - line.fee);
  return net - Math.round(net * fraction);
}

/** Recomputes what each of the order's creators is owed, inside the transaction that changed its payments. */
export async function updateCreatorDue(
  tx: SqlClient,
  orderId: string,
  records: Record<string, PaymentRecord>,
): Promise<void> {
  const lines = await tx.all<{ course_id: string; amount: number; platform_fee: number; refunded_at: number | null }>(
    'SELECT course_id, amount, platform_fee, refunded_at FROM sales WHERE order_id = ? ORDER BY course_id',
    [orderId],
  );
  const total = lines.reduce((sum, line) => sum + Number(line.amount), 0);
  const fraction = disputedFraction(records, total);
  for (const line of lines) {
    const due = creatorDue(
      { amount: Number(line.amount), fee: Number(line.platform_fee), refunded: line.refunded_at !== null },
      fraction,
    );
    await tx.run('UPDATE sales SET creator_due = ? WHERE order_id = ? AND course_id = ?', [
      due,
      orderId,
      line.course_id,
    ]);
  }
}
