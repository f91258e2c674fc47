import type { CreatorEarnings, PayoutAccount, PlatformRevenue } from '../../common/server-api/payouts.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { ConnectAccountState, ConnectGateway } from './connect-gateway.js';
import { earningsReports } from './earnings-reports.js';
import type { EventOutcome } from './payment-event.js';

interface AccountRow {
  user_id: string;
  account_id: string;
  details_submitted: number | boolean;
  charges_enabled: number | boolean;
  payouts_enabled: number | boolean;
}

/** An `account.updated` event: the account and what the provider now says of it. */
export interface AccountEvent {
  id: string;
  type: string;
  data: {
    object: { id: string; details_submitted?: boolean; charges_enabled?: boolean; payouts_enabled?: boolean };
  };
}

/**
 * Creators get paid through an Express account of their own: created once, onboarded on the
 * provider's pages (identity, bank account — nothing of it passes through Zhiku), and known
 * ready when the provider's `account.updated` event says so. Only the account's creator sees
 * or starts it.
 */
export function createCreatorPayouts(deps: {
  db: SqlDatabase;
  gateway: ConnectGateway;
  now: () => number;
  publicUrl: () => string;
  /** Told when the provider failed a read the page can do without (the account's balance). */
  onProviderError?: (error: unknown, doing: string) => void;
  /** Told after an account's state changed (it may now receive what it was owed). */
  onAccountChanged?: () => void;
}) {
  const { db } = deps;
  const reports = earningsReports(db);
  const view = (row: AccountRow | undefined): PayoutAccount => ({
    testMode: deps.gateway.mode === 'test',
    connected: row !== undefined,
    detailsSubmitted: Boolean(Number(row?.details_submitted ?? 0)),
    chargesEnabled: Boolean(Number(row?.charges_enabled ?? 0)),
    payoutsEnabled: Boolean(Number(row?.payouts_enabled ?? 0)),
  });
  const rowOf = (userId: string) => db.get<AccountRow>('SELECT * FROM creator_accounts WHERE user_id = ?', [userId]);
  const requireCreator = (caller: AccessClaims) => {
    if (caller.role !== 'creator' && caller.role !== 'admin') throw new DomainError('FORBIDDEN', 'Creators only.');
  };

  return {
    async status(caller: AccessClaims): Promise<PayoutAccount> {
      requireCreator(caller);
      return view(await rowOf(caller.userId));
    },

    /** The caller's own earnings (creators only): sales, fees, refunds, transfers, and the account's balance. */
    async earnings(caller: AccessClaims): Promise<CreatorEarnings> {
      requireCreator(caller);
      const row = await rowOf(caller.userId);
      const account = view(row);
      // The balance is the provider's to tell; the page still shows our own figures when it cannot.
      const balance =
        row && account.payoutsEnabled
          ? await deps.gateway.balance(row.account_id).catch((error: unknown) => {
              deps.onProviderError?.(error, 'reading a payout account balance');
              return null;
            })
          : null;
      return { account, ...(await reports.creator(caller.userId)), balance };
    },

    /** The platform's revenue (its administrators only; the route's policy checks the role). */
    async revenue(): Promise<PlatformRevenue> {
      return { testMode: deps.gateway.mode === 'test', ...(await reports.platform()) };
    },

    /** The creator's account (made on first use) and a fresh link to finish its onboarding. */
    async onboard(caller: AccessClaims, email: string): Promise<{ url: string; account: PayoutAccount }> {
      requireCreator(caller);
      let row = await rowOf(caller.userId);
      if (!row) {
        const { id } = await deps.gateway.createAccount({ userId: caller.userId, email });
        await db.run(
          `INSERT INTO creator_accounts (user_id, account_id, details_submitted, charges_enabled, payouts_enabled, updated_at)
           VALUES (?, ?, 0, 0, 0, ?) ON CONFLICT (user_id) DO NOTHING`,
          [caller.userId, id, deps.now()],
        );
        row = (await rowOf(caller.userId))!;
      }
      const base = deps.publicUrl();
      const { url } = await deps.gateway.onboardingLink({
        accountId: row.account_id,
        refreshUrl: `${base}/payouts/onboarding?expired=1`,
        returnUrl: `${base}/payouts/onboarding`,
      });
      return { url, account: view(row) };
    },

    /** What the provider says of an account now; each event once, for accounts of ours only. */
    async applyAccountEvent(event: AccountEvent): Promise<EventOutcome> {
      if (event.type !== 'account.updated') return 'ignored';
      const account = event.data.object;
      const outcome = await db.transaction(async (tx): Promise<EventOutcome> => {
        const known = await tx.get<AccountRow>('SELECT * FROM creator_accounts WHERE account_id = ?', [account.id]);
        if (!known) return 'ignored';
        const claimed = await tx.run(
          'INSERT INTO payment_events (id, type, received_at, order_id) VALUES (?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING',
          [event.id, event.type, deps.now()],
        );
        if (claimed.changes === 0) return 'duplicate';
        const state: ConnectAccountState = {
          detailsSubmitted: account.details_submitted === true,
          chargesEnabled: account.charges_enabled === true,
          payoutsEnabled: account.payouts_enabled === true,
        };
        await tx.run(
          'UPDATE creator_accounts SET details_submitted = ?, charges_enabled = ?, payouts_enabled = ?, updated_at = ? WHERE account_id = ?',
          [
            state.detailsSubmitted ? 1 : 0,
            state.chargesEnabled ? 1 : 0,
            state.payoutsEnabled ? 1 : 0,
            deps.now(),
            account.id,
          ],
        );
        return 'processed';
      });
      if (outcome === 'processed') deps.onAccountChanged?.();
      return outcome;
    },

    /** The test onboarding's account, if it is one of ours (the page shows nothing else). */
    async testAccount(accountId: string): Promise<{ accountId: string; ready: boolean } | undefined> {
      const row = await db.get<AccountRow>('SELECT * FROM creator_accounts WHERE account_id = ?', [accountId]);
      return row ? { accountId, ready: Boolean(Number(row.payouts_enabled)) } : undefined;
    },
  };
}

export type CreatorPayouts = ReturnType<typeof createCreatorPayouts>;
