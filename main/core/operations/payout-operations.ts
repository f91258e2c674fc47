import type { OperationHandlers } from '../../../common/contract/index.js';
import { AppError } from '../../../common/errors.js';
import {
  creatorEarningsSchema,
  payoutAccountResponseSchema,
  payoutOnboardingSchema,
  type CreatorEarnings,
  type PayoutAccount,
} from '../../../common/server-api/payouts.js';
import type { CoreServices } from './core-services.js';

const cacheId = (userId: string) => `payouts:${userId}`;
const earningsId = (userId: string) => `earnings:${userId}`;

/**
 * A creator's payout account in the studio: its state (kept on the device, so the studio shows
 * it offline) and onboarding, which opens the provider's pages in the system browser (the
 * desktop app) or leaves the opening to the page (web mode).
 */
export function payoutOperations({
  database,
  serverCall,
  serverGet,
  requireUser,
  openExternal,
  now,
}: CoreServices): Pick<OperationHandlers, 'creator.payouts' | 'creator.startPayouts' | 'creator.earnings'> {
  const remember = (userId: string, account: PayoutAccount) =>
    database.localstate.upsert({ id: cacheId(userId), value: account, updatedAt: now().getTime() });
  return {
    'creator.payouts': async () => {
      const userId = requireUser();
      try {
        const { account } = await serverGet('/v1/creator/payouts', payoutAccountResponseSchema);
        await remember(userId, account);
        return account;
      } catch (error) {
        const kept = (await database.localstate.findOne(cacheId(userId)).exec())?.value as PayoutAccount | undefined;
        if (kept && error instanceof AppError && error.code === 'SERVER_UNREACHABLE') return kept;
        throw error;
      }
    },
    // Earnings are kept too: the studio shows the last figures offline, saying when they were fetched.
    'creator.earnings': async () => {
      const userId = requireUser();
      try {
        const earnings = await serverGet('/v1/creator/earnings', creatorEarningsSchema);
        await database.localstate.upsert({
          id: earningsId(userId),
          value: { earnings, savedAt: now().getTime() },
          updatedAt: now().getTime(),
        });
        return { ...earnings, savedAt: null };
      } catch (error) {
        const kept = (await database.localstate.findOne(earningsId(userId)).exec())?.value as
          { earnings: CreatorEarnings; savedAt: number } | undefined;
        if (kept && error instanceof AppError && error.code === 'SERVER_UNREACHABLE')
          return { ...kept.earnings, savedAt: kept.savedAt };
        throw error;
      }
    },
    'creator.startPayouts': async () => {
      const userId = requireUser();
      const started = await serverCall('/v1/creator/payouts/onboarding', {}, payoutOnboardingSchema);
      await remember(userId, started.account);
      const openedByApp = Boolean(openExternal);
      await openExternal?.(started.url);
      return { ...started, openedByApp };
    },
  };
}
