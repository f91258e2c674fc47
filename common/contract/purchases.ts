import { z } from 'zod';

export const checkoutInputSchema = z
  .object({
    courseIds: z.array(z.string().min(1).max(100)).max(20).default([]),
    bundleId: z.string().min(1).max(100).optional(),
    couponCode: z.string().trim().min(3).max(40).optional(),
  })
  .strict()
  .refine(
    (input) => (input.bundleId === undefined) !== (input.courseIds.length === 0),
    'give either courseIds or a bundleId',
  );

export interface CheckoutStarted {
  orderId: string;
  /** Opened in the system browser by the app; null when nothing was left to pay. */
  checkoutUrl: string | null;
  testMode: boolean;
  totalAmount: number;
}

export const checkoutStartedSchema = z.custom<CheckoutStarted>();
export const redeemInputSchema = z.object({ code: z.string().trim().min(4).max(40) }).strict();
export const redeemResultSchema = z.custom<{ courseId: string }>();

export interface CourseAccess {
  owned: boolean;
  /** An order for this course waiting for its payment, if any. */
  pendingOrderId: string | null;
}
export const courseAccessSchema = z.custom<CourseAccess>();
