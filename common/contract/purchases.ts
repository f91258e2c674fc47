import { z } from 'zod';
import { courseIdResponseSchema, orderCreatedSchema } from '../server-api/responses.js';
import { orderRequestSchema } from '../server-api/requests.js';

/** What the learner asks to buy: the server's order body, as it is. */
export const checkoutInputSchema = orderRequestSchema;

export interface CheckoutStarted {
  orderId: string;
  /** Opened in the system browser by the app; null when nothing was left to pay. */
  checkoutUrl: string | null;
  testMode: boolean;
  totalAmount: number;
  /** The app opened the checkout in the system browser (desktop); otherwise the page opens it itself. */
  openedByApp: boolean;
}

export const checkoutStartedSchema: z.ZodType<CheckoutStarted> = orderCreatedSchema.extend({
  openedByApp: z.boolean(),
});
export const redeemInputSchema = z.object({ code: z.string().trim().min(4).max(40) }).strict();
export const redeemResultSchema = courseIdResponseSchema;

export interface CourseAccess {
  /** The learner may study it: bought, granted, or opened by a membership. */
  owned: boolean;
  /** Opened by a membership (and not bought): it closes when the membership ends. */
  throughMembership: boolean;
  /** An order for this course waiting for its payment, if any. */
  pendingOrderId: string | null;
}
export const courseAccessSchema: z.ZodType<CourseAccess> = z.object({
  owned: z.boolean(),
  throughMembership: z.boolean(),
  pendingOrderId: z.string().nullable(),
});
