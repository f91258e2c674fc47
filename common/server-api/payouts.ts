import { z } from 'zod';

/** A creator's payout account, as the studio shows it. */
export const payoutAccountSchema = z.object({
  /** The embedded test mode: onboarding is a labelled test page and no money moves. */
  testMode: z.boolean(),
  connected: z.boolean(),
  detailsSubmitted: z.boolean(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
});
export type PayoutAccount = z.output<typeof payoutAccountSchema>;
export const payoutAccountResponseSchema = z.object({ account: payoutAccountSchema });
export const payoutOnboardingSchema = z.object({ url: z.string(), account: payoutAccountSchema });

const amount = z.number().int();
const currency = z.string().min(3).max(3);
const month = z.string().regex(/^\d{4}-\d{2}$/);

/** Money figures of sales in one currency: what was sold, the platform's fees, refunds, and the creators' share. */
const saleFigures = {
  currency,
  /** Lines sold (refunded ones included). */
  sold: z.number().int().nonnegative(),
  gross: amount,
  /** The platform's fees on lines not refunded. */
  fees: amount,
  refunded: amount,
  /** What the creator is owed after fees, refunds and disputes. */
  earned: amount,
};
/** Of what was earned: sent to the creator's payout account, and still to send. */
const settlement = { paidOut: amount, pending: amount };

export const earningsTotalSchema = z.object({ ...saleFigures, ...settlement });
export const earningsMonthSchema = z.object({ month, ...saleFigures });
export const earningsCourseSchema = z.object({ courseId: z.string(), ...saleFigures, ...settlement });
export const transferRecordSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  kind: z.enum(['transfer', 'reversal']),
  amount,
  currency,
  status: z.enum(['sending', 'sent', 'failed']),
  at: z.number().int(),
});
const balanceSchema = z.object({
  available: z.array(z.object({ amount, currency })),
  pending: z.array(z.object({ amount, currency })),
});

/** A creator's earnings page: per currency, per month, per course, the latest transfers and the account's balance. */
export const creatorEarningsSchema = z.object({
  account: payoutAccountSchema,
  totals: z.array(earningsTotalSchema),
  months: z.array(earningsMonthSchema),
  courses: z.array(earningsCourseSchema),
  transfers: z.array(transferRecordSchema),
  /** What the payout account holds at the provider now (null in test mode or when the provider did not answer). */
  balance: balanceSchema.nullable(),
});
export type CreatorEarnings = z.output<typeof creatorEarningsSchema>;

/** The platform's revenue page: its fees, what creators are owed and were sent, per currency and month. */
export const platformRevenueSchema = z.object({
  testMode: z.boolean(),
  totals: z.array(earningsTotalSchema),
  months: z.array(earningsMonthSchema),
  creators: z.array(
    z.object({ creatorId: z.string(), name: z.string(), ...saleFigures, ...settlement, connected: z.boolean() }),
  ),
  /** Transfers the provider refused (retried on the next pass) and those whose outcome is not yet known. */
  failedTransfers: z.number().int().nonnegative(),
  sendingTransfers: z.number().int().nonnegative(),
});
export type PlatformRevenue = z.output<typeof platformRevenueSchema>;
