import { courseIdResponseSchema, orderCreatedSchema } from '../../../common/server-api/responses.js';
import { combineLatest } from 'rxjs';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Buying and redeeming courses; whether a course is owned or waiting for payment. */
export function purchaseOperations({ database, session, sync, serverCall, openExternal }: CoreServices): {
  operations: Pick<OperationHandlers, 'purchases.checkout' | 'purchases.redeem'>;
  subscriptions: Pick<SubscriptionSources, 'library.watchCourseAccess'>;
} {
  return {
    operations: {
      'purchases.checkout': async (input) => {
        const started = await serverCall('/v1/orders', input, orderCreatedSchema);
        const openedByApp = Boolean(started.checkoutUrl && openExternal);
        if (started.checkoutUrl) await openExternal?.(started.checkoutUrl);
        // The order and, once paid, the entitlement arrive through sync: the UI shows the pending order until then.
        sync.resync();
        return { ...started, openedByApp };
      },
      'purchases.redeem': async ({ code }) => {
        const result = await serverCall('/v1/redeem', { code }, courseIdResponseSchema);
        sync.resync();
        return result;
      },
    },
    subscriptions: {
      'library.watchCourseAccess': ({ courseId }, emit) => {
        // Owned once a non-revoked entitlement has synced; pending while an order for it waits for payment.
        const subscription = combineLatest([
          database.entitlements.find({ selector: { courseId } }).$,
          database.orders.find({ selector: { status: 'pending' } }).$,
        ]).subscribe(([entitlements, orders]) => {
          const userId = session.current()?.user.id;
          const owned = entitlements.some((e) => e.userId === userId && e.revokedAt === undefined);
          const pending = orders.find((o) => o.userId === userId && o.items.some((item) => item.courseId === courseId));
          emit({ owned, pendingOrderId: owned ? null : (pending?.id ?? null) });
        });
        return () => subscription.unsubscribe();
      },
    },
  };
}
