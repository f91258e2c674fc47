import { z } from 'zod';
import { membershipSchema, planRequestSchema, planSchema, subscribeResponseSchema } from '../server-api/memberships.js';

const planId = z.string().min(1).max(100);
const membershipId = z.string().min(1).max(100);

export const plansForCourseInputSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();
export const plansOutputSchema = z.array(planSchema);
export const subscribeInputSchema = z.object({ planId }).strict();
export const subscribeStartedSchema = subscribeResponseSchema.extend({ openedByApp: z.boolean() });
export const membershipInputSchema = z.object({ membershipId }).strict();
export const changePlanInputSchema = z.object({ membershipId, planId }).strict();
export const planIdInputSchema = z.object({ planId }).strict();
export const createPlanInputSchema = planRequestSchema;

/** The learner's memberships with the plans they are of (and the others on sale), kept for offline. */
export const myMembershipsSchema = z.object({
  memberships: z.array(membershipSchema),
  plans: z.array(planSchema),
  /** When these were fetched from the server (null: just now). */
  savedAt: z.number().nullable(),
});
export type MyMemberships = z.output<typeof myMembershipsSchema>;
export const membershipOutputSchema = membershipSchema;
export const portalOpenedSchema = z.object({ url: z.string(), openedByApp: z.boolean() });
export { planSchema };
