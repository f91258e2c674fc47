import { forUpdate, type SqlClient, type SqlDatabase } from '../sql/sql-database.js';
import { TransferRefused, type ConnectGateway } from './connect-gateway.js';

interface SaleLine {
  order_id: string;
  course_id: string;
  creator_id: string;
  currency: string;
  creator_due: number;
  transferred: number;
}

export interface TransferRow {
  id: string;
  order_id: string;
  course_id: string;
  creator_id: string;
  account_id: string;
  kind: 'transfer' | 'reversal';
  amount: number;
  currency: string;
  reverses: string | null;
  reversed: number;
  status: 'sending' | 'sent' | 'failed';
  provider_id: string | null;
  error: string | null;
  created_at: number;
  settled_at: number | null;
}

export interface SettleCounts {
  sent: number;
  failed: number;
  /** Moves whose outcome is unknown (the provider did not answer); retried with the same key next pass. */
  unsure: number;
}

/**
 * Moving each creator's share to their payout account, and back when a sale is refunded or
 * disputed. Every sale line records what its creator is owed now (`creator_due`, creator-share.ts)
 * and what was sent (`transferred`); settling moves the difference, one recorded move at a time:
 *
 * 1. In a transaction holding the line: resume a move still `sending`, or record a new one
 *    (a transfer of what is owed beyond what was sent, or a reversal of an earlier transfer).
 * 2. Ask the provider, with the move's id as the idempotency key — a retry after a crash or a
 *    lost answer is the same transfer, never a second one.
 * 3. In a transaction: the move is `sent` (the line's `transferred` changes by it, once) or
 *    `failed` when the provider refused (nothing moved; the next pass tries a new move).
 *
 * Lines of creators whose account cannot receive payouts yet wait, and are sent once it can.
 */
export function createTransferSettlement(deps: {
  db: SqlDatabase;
  gateway: ConnectGateway;
  now: () => number;
  onError?: (error: unknown, line: { orderId: string; courseId: string }) => void;
}) {
  const { db, gateway } = deps;
  let running: Promise<SettleCounts> | undefined;
  let again = false;

  /** Records the line's next move (or finds the one in flight); undefined when nothing is to move. */
  async function nextMove(tx: SqlClient, orderId: string, courseId: string): Promise<TransferRow | undefined> {
    const line = await tx.get<SaleLine>(
      `SELECT order_id, course_id, creator_id, currency, creator_due, transferred FROM sales WHERE order_id = ? AND course_id = ?${forUpdate(tx)}`,
      [orderId, courseId],
    );
    if (!line) return undefined;
    const inFlight = await tx.get<TransferRow>(
      "SELECT * FROM transfers WHERE order_id = ? AND course_id = ? AND status = 'sending'",
      [orderId, courseId],
    );
    if (inFlight) return inFlight;
    const difference = Number(line.creator_due) - Number(line.transferred);
    if (difference === 0) return undefined;
    const account = await tx.get<{ account_id: string }>(
      'SELECT account_id FROM creator_accounts WHERE user_id = ? AND payouts_enabled = 1',
      [line.creator_id],
    );
    const moves = await tx.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE order_id = ? AND course_id = ?',
      [orderId, courseId],
    );
    const id = `transfer-${orderId}-${courseId}-${Number(moves?.n ?? 0) + 1}`;
    let move: Omit<TransferRow, 'status' | 'provider_id' | 'error' | 'settled_at' | 'reversed'>;
    if (difference > 0) {
      if (!account) return undefined;
      move = { ...lineOf(line, id, account.account_id), kind: 'transfer', amount: difference, reverses: null };
    } else {
      // Taken back from the newest transfer that still has something to give; a reversal goes to
      // the account the money went to, whatever the creator's account is now.
      const source = await tx.get<TransferRow>(
        "SELECT * FROM transfers WHERE order_id = ? AND course_id = ? AND kind = 'transfer' AND status = 'sent' AND amount > reversed ORDER BY created_at DESC, id DESC LIMIT 1",
        [orderId, courseId],
      );
      if (!source) return undefined;
      const amount = Math.min(-difference, Number(source.amount) - Number(source.reversed));
      move = { ...lineOf(line, id, source.account_id), kind: 'reversal', amount, reverses: source.id };
    }
    await tx.run(
      `INSERT INTO transfers (id, order_id, course_id, creator_id, account_id, kind, amount, currency, reverses, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?)`,
      [
        move.id,
        move.order_id,
        move.course_id,
        move.creator_id,
        move.account_id,
        move.kind,
        move.amount,
        move.currency,
        move.reverses,
        deps.now(),
      ],
    );
    return { ...move, reversed: 0, status: 'sending', provider_id: null, error: null, settled_at: null };
  }

  const lineOf = (line: SaleLine, id: string, accountId: string) => ({
    id,
    order_id: line.order_id,
    course_id: line.course_id,
    creator_id: line.creator_id,
    account_id: accountId,
    currency: line.currency,
    created_at: deps.now(),
  });

  async function send(move: TransferRow): Promise<{ id: string }> {
    if (move.kind === 'transfer') {
      // The sale's payment: a membership invoice's own, or its order's checkout's.
      const checkout = await db.get<{ payment_intent: string | null }>(
        `SELECT COALESCE(s.payment_intent, c.payment_intent) AS payment_intent FROM sales s
           LEFT JOIN checkouts c ON c.order_id = s.order_id WHERE s.order_id = ? AND s.course_id = ?`,
        [move.order_id, move.course_id],
      );
      return gateway.transfer({
        key: move.id,
        accountId: move.account_id,
        amount: Number(move.amount),
        currency: move.currency,
        orderId: move.order_id,
        courseId: move.course_id,
        paymentIntent: checkout?.payment_intent ?? null,
      });
    }
    const source = await db.get<{ provider_id: string }>('SELECT provider_id FROM transfers WHERE id = ?', [
      move.reverses,
    ]);
    if (!source?.provider_id) throw new TransferRefused('The transfer to reverse was never sent.');
    return gateway.reverse({ key: move.id, transferId: source.provider_id, amount: Number(move.amount) });
  }

  /** Records the provider's answer once; a move another pass already recorded is left alone. */
  async function record(move: TransferRow, outcome: { sent: string } | { refused: string }): Promise<void> {
    await db.transaction(async (tx) => {
      const updated = await tx.run(
        "UPDATE transfers SET status = ?, provider_id = ?, error = ?, settled_at = ? WHERE id = ? AND status = 'sending'",
        [
          'sent' in outcome ? 'sent' : 'failed',
          'sent' in outcome ? outcome.sent : null,
          'refused' in outcome ? outcome.refused.slice(0, 500) : null,
          deps.now(),
          move.id,
        ],
      );
      if (updated.changes === 0 || !('sent' in outcome)) return;
      const signed = move.kind === 'transfer' ? Number(move.amount) : -Number(move.amount);
      await tx.run('UPDATE sales SET transferred = transferred + ? WHERE order_id = ? AND course_id = ?', [
        signed,
        move.order_id,
        move.course_id,
      ]);
      if (move.reverses)
        await tx.run('UPDATE transfers SET reversed = reversed + ? WHERE id = ?', [Number(move.amount), move.reverses]);
    });
  }

  /** Moves one line to what its creator is owed; stops at a refusal or a provider that does not answer. */
  async function settleLine(orderId: string, courseId: string, counts: SettleCounts): Promise<void> {
    // A line settles in a few moves (a transfer, its reversal, a transfer again after a won dispute).
    for (let step = 0; step < 8; step++) {
      const move = await db.transaction((tx) => nextMove(tx, orderId, courseId));
      if (!move) return;
      try {
        const sent = await send(move);
        await record(move, { sent: sent.id });
        counts.sent++;
      } catch (error) {
        if (error instanceof TransferRefused) {
          await record(move, { refused: error.message });
          counts.failed++;
        } else counts.unsure++;
        deps.onError?.(error, { orderId, courseId });
        return;
      }
    }
  }

  async function pass(): Promise<SettleCounts> {
    const counts: SettleCounts = { sent: 0, failed: 0, unsure: 0 };
    const lines = await db.all<{ order_id: string; course_id: string }>(
      `SELECT s.order_id, s.course_id FROM sales s
         JOIN creator_accounts a ON a.user_id = s.creator_id AND a.payouts_enabled = 1
         WHERE s.creator_due <> s.transferred
       UNION SELECT order_id, course_id FROM transfers WHERE status = 'sending'
       ORDER BY 1, 2`,
    );
    for (const line of lines) await settleLine(line.order_id, line.course_id, counts);
    return counts;
  }

  return {
    /**
     * Settles every line that is owed or over-sent. One pass at a time per server; a call while
     * one runs asks for another pass after it (the change it was told of may have come too late).
     */
    async settle(): Promise<SettleCounts> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        const total: SettleCounts = { sent: 0, failed: 0, unsure: 0 };
        do {
          again = false;
          const counts = await pass();
          total.sent += counts.sent;
          total.failed += counts.failed;
          total.unsure += counts.unsure;
        } while (again);
        return total;
      })().finally(() => (running = undefined));
      return running;
    },
  };
}

export type TransferSettlement = ReturnType<typeof createTransferSettlement>;
