import { courseIdResponseSchema, orderCreatedSchema } from '../../../common/server-api/responses.js';
import { combineLatest, switchMap } from 'rxjs';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** Buying and redeeming courses; whether a course is owned or waiting for payment. */
export function purchaseOperations({
  database,
  session,
  sync,
  serverCall,
  openExternal,
  holdsEntitlement,
}: CoreServices): {
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
        // Owned once a non-revoked entitlement has synced, or a membership opens it; pending while an
        // order for it waits for payment. Memberships are the learner's own entitlements, so any change
        // to those is looked at again.
        const userId = session.current()?.user.id ?? '';
        const subscription = combineLatest([
          database.entitlements.find({ selector: { userId } }).$,
          database.orders.find({ selector: { status: 'pending' } }).$,
        ])
          .pipe(
            switchMap(async ([entitlements, orders]) => {
              const bought = entitlements.some((e) => e.courseId === courseId && e.revokedAt === undefined);
              const member = !bought && userId !== '' && (await holdsEntitlement(userId, courseId));
              const pending = orders.find(
                (o) => o.userId === userId && o.items.some((item) => item.courseId === courseId),
              );
              const owned = bought || member;
              return { owned, throughMembership: member, pendingOrderId: owned ? null : (pending?.id ?? null) };
            }),
          )
          .subscribe(emit);
        return () => subscription.unsubscribe();
      },
    },
  };
}
