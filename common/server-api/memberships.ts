import { z } from 'zod';

const text = z.object({ zh: z.string().trim().max(120), en: z.string().trim().max(120) });
const courseId = z.string().min(1).max(100);

/** A new membership plan, as its creator (or the platform's administrator) writes it. */
export const planRequestSchema = z
  .object({
    title: text.refine((t) => t.zh.length > 0 || t.en.length > 0, 'a plan needs a title'),
    /** creator: every course of the creator, now and later; courses: the ones named; all: every course (the platform's only). */
    scope: z.enum(['creator', 'courses', 'all']),
    courseIds: z.array(courseId).max(500).default([]),
    interval: z.enum(['month', 'year']),
    priceAmount: z.number().int().positive().max(100_000_000),
    currency: z.enum(['CNY', 'USD', 'EUR']),
    trialDays: z.number().int().min(0).max(90).default(0),
  })
  .strict()
  .refine((plan) => (plan.scope === 'courses') === plan.courseIds.length > 0, {
    message: 'name the courses of a plan of chosen courses, and only then',
    path: ['courseIds'],
  });
export type PlanRequest = z.output<typeof planRequestSchema>;

/** A plan as anyone sees it in the store. */
export const planSchema = z.object({
  id: z.string(),
  /** The creator who sells it; null for the platform's own plans. */
  ownerId: z.string().nullable(),
  ownerName: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  scope: z.enum(['creator', 'courses', 'all']),
  courseIds: z.array(z.string()),
  interval: z.enum(['month', 'year']),
  priceAmount: z.number().int(),
  currency: z.string(),
  trialDays: z.number().int(),
  active: z.boolean(),
  /** For its owner only: how many memberships of it are live now. */
  members: z.number().int().optional(),
});
export type Plan = z.output<typeof planSchema>;
export const plansResponseSchema = z.object({ plans: z.array(planSchema) });

export const MEMBERSHIP_STATUSES = ['pending', 'trialing', 'active', 'past_due', 'canceled', 'expired'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** A learner's own membership. */
export const membershipSchema = z.object({
  id: z.string(),
  planId: z.string(),
  status: z.enum(MEMBERSHIP_STATUSES),
  cancelAtPeriodEnd: z.boolean(),
  /** Paid through (ms): access lasts until then, and past it while it renews. */
  paidThrough: z.number().int(),
  endedAt: z.number().int().nullable(),
  testMode: z.boolean(),
});
export type Membership = z.output<typeof membershipSchema>;
export const membershipsResponseSchema = z.object({ memberships: z.array(membershipSchema) });

export const subscribeRequestSchema = z.object({ planId: z.string().min(1).max(100) }).strict();
export const subscribeResponseSchema = z.object({
  membershipId: z.string(),
  checkoutUrl: z.string(),
  testMode: z.boolean(),
});
export const changePlanRequestSchema = z.object({ planId: z.string().min(1).max(100) }).strict();
export const portalResponseSchema = z.object({ url: z.string() });
