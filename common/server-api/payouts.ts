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
