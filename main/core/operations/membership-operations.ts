import type { OperationHandlers } from '../../../common/contract/index.js';
import type { MyMemberships } from '../../../common/contract/memberships.js';
import { AppError } from '../../../common/errors.js';
import {
  membershipsResponseSchema,
  plansResponseSchema,
  portalResponseSchema,
  subscribeResponseSchema,
  membershipSchema,
  planSchema,
} from '../../../common/server-api/memberships.js';
import { z } from 'zod';
import type { CoreServices } from './core-services.js';

const cacheId = (userId: string) => `memberships:${userId}`;
const membershipAnswer = z.object({ membership: membershipSchema });
const planAnswer = z.object({ plan: planSchema });

/**
 * Memberships from the learner's side — the plans that open a course, their own memberships
 * (kept for offline), joining through the provider's checkout, cancelling at period end, taking it
 * back, changing plan, the provider's portal — and a seller's plans in the studio. Access itself
 * comes through sync: each membership is a signed entitlement.
 */
export function membershipOperations({
  database,
  serverCall,
  serverGet,
  requireUser,

  openExternal,
  sync,
  now,
}: CoreServices): Pick<
  OperationHandlers,
  | 'memberships.plansFor'
  | 'memberships.mine'
  | 'memberships.subscribe'
  | 'memberships.cancel'
  | 'memberships.resume'
  | 'memberships.changePlan'
  | 'memberships.portal'
  | 'creator.plans'
  | 'creator.createPlan'
  | 'creator.retirePlan'
> {
  const changed = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    // The membership's entitlement changes with it: fetch it now, not at the next sync.
    sync.resync();
    return result;
  };
  return {
    'memberships.plansFor': async ({ courseId }) =>
      (await serverGet(`/v1/plans?courseId=${encodeURIComponent(courseId)}`, plansResponseSchema)).plans,

    'memberships.mine': async () => {
      const userId = requireUser();
      try {
        const [{ memberships }, { plans }] = await Promise.all([
          serverGet('/v1/memberships', membershipsResponseSchema),
          serverGet('/v1/plans', plansResponseSchema),
        ]);
        const value: MyMemberships = { memberships, plans, savedAt: null };
        await database.localstate.upsert({
          id: cacheId(userId),
          value: { ...value, savedAt: now().getTime() },
          updatedAt: now().getTime(),
        });
        return value;
      } catch (error) {
        const kept = (await database.localstate.findOne(cacheId(userId)).exec())?.value as MyMemberships | undefined;
        if (kept && error instanceof AppError && error.code === 'SERVER_UNREACHABLE') return kept;
        throw error;
      }
    },

    'memberships.subscribe': async ({ planId }) => {
      requireUser();
      const started = await serverCall('/v1/memberships', { planId }, subscribeResponseSchema);
      const openedByApp = Boolean(openExternal);
      await openExternal?.(started.checkoutUrl);
      sync.resync();
      return { ...started, openedByApp };
    },
    'memberships.cancel': async ({ membershipId }) =>
      (await changed(serverCall(`/v1/memberships/${membershipId}/cancel`, {}, membershipAnswer))).membership,
    'memberships.resume': async ({ membershipId }) =>
      (await changed(serverCall(`/v1/memberships/${membershipId}/resume`, {}, membershipAnswer))).membership,
    'memberships.changePlan': async ({ membershipId, planId }) =>
      (await changed(serverCall(`/v1/memberships/${membershipId}/change`, { planId }, membershipAnswer))).membership,
    'memberships.portal': async () => {
      requireUser();
      const { url } = await serverCall('/v1/memberships/portal', {}, portalResponseSchema);
      const openedByApp = Boolean(openExternal);
      await openExternal?.(url);
      return { url, openedByApp };
    },

    'creator.plans': async () => {
      requireUser();
      return (await serverGet('/v1/creator/plans', plansResponseSchema)).plans;
    },
    'creator.createPlan': async (input) => {
      requireUser();
      return (await serverCall('/v1/creator/plans', input, planAnswer)).plan;
    },
    'creator.retirePlan': async ({ planId }) => {
      requireUser();
      return (await serverCall(`/v1/creator/plans/${planId}/retire`, {}, planAnswer)).plan;
    },
  };
}
