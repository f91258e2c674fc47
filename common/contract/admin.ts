import { z } from 'zod';
import {
  adminOrderSchema,
  adminOrganizationSchema,
  adminOverviewSchema,
  adminSeatPoolSchema,
  adminUsersResponseSchema,
  createOrganizationRequestSchema,
  createOrganizationResponseSchema,
  seatGrantRequestSchema,
  seatGrantResponseSchema,
  type AdminOrder,
  type AdminOrganization,
  type AdminOverview,
  type AdminSeatPool,
  type AdminUser,
} from '../server-api/admin.js';

/** The platform admin screen: the server's admin API, for a signed-in platform administrator. */
export type { AdminOrder, AdminOrganization, AdminOverview, AdminSeatPool, AdminUser };

const id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
export const adminSearchInputSchema = z
  .object({ query: z.string().trim().max(200).optional(), limit: z.number().int().min(1).max(200).optional() })
  .strict();
export const adminOverviewOutputSchema: z.ZodType<AdminOverview> = adminOverviewSchema;
export const adminUsersOutputSchema: z.ZodType<{ users: AdminUser[]; total: number }> = adminUsersResponseSchema;
export const adminRoleInputSchema = z.object({ userId: id, role: z.enum(['learner', 'creator']) }).strict();
export const adminOrganizationsOutputSchema: z.ZodType<AdminOrganization[]> = z.array(adminOrganizationSchema);
export const adminCreateOrganizationInputSchema = createOrganizationRequestSchema;
export const adminCreateOrganizationOutputSchema = createOrganizationResponseSchema;
export const adminSeatPoolsOutputSchema: z.ZodType<AdminSeatPool[]> = z.array(adminSeatPoolSchema);
export const adminCreateSeatPoolInputSchema = seatGrantRequestSchema;
export const adminCreateSeatPoolOutputSchema = seatGrantResponseSchema;
export const adminOrdersOutputSchema: z.ZodType<AdminOrder[]> = z.array(adminOrderSchema);
export const adminRefundInputSchema = z
  .object({
    orderId: z.string().regex(/^ord_[A-Za-z0-9_-]{1,40}$/),
    courseIds: z.array(z.string().min(1).max(100)).min(1).max(20),
  })
  .strict();
export const adminRefundOutputSchema = z.object({ refundId: z.string(), amount: z.number().int() });
