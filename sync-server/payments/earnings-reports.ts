import type { z } from 'zod';
import type {
  earningsCourseSchema,
  earningsMonthSchema,
  earningsTotalSchema,
  PlatformRevenue,
  transferRecordSchema,
} from '../../common/server-api/payouts.js';
import type { SqlClient } from '../sql/sql-database.js';

type Total = z.output<typeof earningsTotalSchema>;
type Month = z.output<typeof earningsMonthSchema>;
type CourseEarnings = z.output<typeof earningsCourseSchema>;
type TransferRecord = z.output<typeof transferRecordSchema>;

/** Sums of sale lines, in SQL, named as the figures are. */
const FIGURES = `currency, COUNT(*) AS sold, SUM(amount) AS gross,
  SUM(CASE WHEN refunded_at IS NULL THEN platform_fee ELSE 0 END) AS fees,
  SUM(CASE WHEN refunded_at IS NULL THEN 0 ELSE amount END) AS refunded,
  SUM(creator_due) AS earned`;
const SETTLEMENT = `SUM(transferred) AS paid_out,
  SUM(CASE WHEN creator_due > transferred THEN creator_due - transferred ELSE 0 END) AS pending`;

interface FigureRow {
  currency: string;
  sold: number;
  gross: number;
  fees: number;
  refunded: number;
  earned: number;
  paid_out?: number;
  pending?: number;
}

const figures = (row: FigureRow) => ({
  currency: row.currency,
  sold: Number(row.sold),
  gross: Number(row.gross),
  fees: Number(row.fees),
  refunded: Number(row.refunded),
  earned: Number(row.earned),
});
const settled = (row: FigureRow) => ({ paidOut: Number(row.paid_out ?? 0), pending: Number(row.pending ?? 0) });

/** The calendar month (UTC) of a millisecond timestamp column, as `YYYY-MM`. */
const monthOf = (db: SqlClient, column: string) =>
  db.dialect === 'postgres'
    ? `to_char(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')`
    : `strftime('%Y-%m', ${column} / 1000, 'unixepoch')`;

/**
 * Earnings and revenue, summed by the database: a creator's own (their sales lines only) and the
 * platform's (every line; for its administrators). Money is in each currency's minor units and
 * never converted.
 */
export function earningsReports(db: SqlClient) {
  async function totals(where: string, params: unknown[]): Promise<Total[]> {
    const rows = await db.all<FigureRow>(
      `SELECT ${FIGURES}, ${SETTLEMENT} FROM sales ${where} GROUP BY currency ORDER BY currency`,
      params,
    );
    return rows.map((row) => ({ ...figures(row), ...settled(row) }));
  }

  async function months(where: string, params: unknown[]): Promise<Month[]> {
    const month = monthOf(db, 'paid_at');
    const rows = await db.all<FigureRow & { month: string }>(
      `SELECT ${month} AS month, ${FIGURES} FROM sales ${where} GROUP BY ${month}, currency ORDER BY 1, currency`,
      params,
    );
    return rows.map((row) => ({ month: row.month, ...figures(row) }));
  }

  return {
    async creator(creatorId: string): Promise<{
      totals: Total[];
      months: Month[];
      courses: CourseEarnings[];
      transfers: TransferRecord[];
    }> {
      const mine = 'WHERE creator_id = ?';
      const courses = await db.all<FigureRow & { course_id: string }>(
        `SELECT course_id, ${FIGURES}, ${SETTLEMENT} FROM sales ${mine} GROUP BY course_id, currency ORDER BY course_id, currency`,
        [creatorId],
      );
      const transfers = await db.all<{
        id: string;
        course_id: string;
        kind: 'transfer' | 'reversal';
        amount: number;
        currency: string;
        status: 'sending' | 'sent' | 'failed';
        created_at: number;
        settled_at: number | null;
      }>(
        'SELECT id, course_id, kind, amount, currency, status, created_at, settled_at FROM transfers WHERE creator_id = ? ORDER BY created_at DESC, id DESC LIMIT 200',
        [creatorId],
      );
      return {
        totals: await totals(mine, [creatorId]),
        months: await months(mine, [creatorId]),
        courses: courses.map((row) => ({ courseId: row.course_id, ...figures(row), ...settled(row) })),
        transfers: transfers.map((row) => ({
          id: row.id,
          courseId: row.course_id,
          kind: row.kind,
          amount: Number(row.amount),
          currency: row.currency,
          status: row.status,
          at: Number(row.settled_at ?? row.created_at),
        })),
      };
    },

    async platform(): Promise<Omit<PlatformRevenue, 'testMode'>> {
      const creators = await db.all<FigureRow & { creator_id: string; name: string | null; account: string | null }>(
        `SELECT s.creator_id, u.display_name AS name, a.account_id AS account, ${FIGURES}, ${SETTLEMENT}
           FROM sales s LEFT JOIN users u ON u.id = s.creator_id LEFT JOIN creator_accounts a ON a.user_id = s.creator_id
           WHERE s.creator_id <> ''
           GROUP BY s.creator_id, u.display_name, a.account_id, currency ORDER BY SUM(s.creator_due) DESC, s.creator_id LIMIT 100`,
      );
      // A refused move counts until a later move of the same line was sent.
      const count = async (status: string) =>
        Number(
          (
            await db.get<{ n: number }>(
              `SELECT COUNT(*) AS n FROM transfers t WHERE t.status = ? AND NOT EXISTS (
                 SELECT 1 FROM transfers u WHERE u.order_id = t.order_id AND u.course_id = t.course_id
                   AND u.status = 'sent' AND u.created_at >= t.created_at AND u.id <> t.id)`,
              [status],
            )
          )?.n ?? 0,
        );
      return {
        totals: await totals('', []),
        months: await months('', []),
        creators: creators.map((row) => ({
          creatorId: row.creator_id,
          name: row.name ?? '',
          connected: row.account !== null,
          ...figures(row),
          ...settled(row),
        })),
        failedTransfers: await count('failed'),
        sendingTransfers: await count('sending'),
      };
    },
  };
}

export type EarningsReports = ReturnType<typeof earningsReports>;
