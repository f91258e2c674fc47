import { z } from 'zod';
import { USER_ROLES } from './auth.js';

/**
 * The platform administrator's part of the API: what the admin screen reads (users,
 * organizations, seat pools, orders, the payments mode) and the organizations it creates.
 * Requests and answers are written once here, used by the routes, the API description and
 * the desktop core alike.
 */
const count = z.number().int().min(0);
const timestamp = z.number();
const currency = z.enum(['CNY', 'USD', 'EUR']);

/** A search of a list: a few words matched against e-mail and name (or order id), and a page size. */
export const adminSearchQuerySchema = z
  .object({
    query: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type AdminSearch = z.output<typeof adminSearchQuerySchema>;

export const adminOverviewSchema = z.object({
  /** stripe: real payments; test: the embedded test checkout; off: nothing can be bought. */
  paymentsMode: z.enum(['stripe', 'test', 'off']),
  users: count,
  creators: count,
  organizations: count,
  seatPools: count,
  orders: z.object({ paid: count, refunded: count, pending: count }),
});
export type AdminOverview = z.output<typeof adminOverviewSchema>;

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  createdAt: timestamp,
  emailVerified: z.boolean(),
  /** Organizations the person belongs to, by name. */
  organizations: z.array(z.string()),
});
export type AdminUser = z.output<typeof adminUserSchema>;
export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema), total: count });

export const adminOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestamp,
  members: count,
  admins: z.array(z.object({ userId: z.string(), displayName: z.string(), email: z.string() })),
  invited: count,
});
export type AdminOrganization = z.output<typeof adminOrganizationSchema>;
export const adminOrganizationsResponseSchema = z.object({ organizations: z.array(adminOrganizationSchema) });

export const adminSeatPoolSchema = z.object({
  poolId: z.string(),
  institution: z.string(),
  courseId: z.string(),
  courseTitle: z.object({ zh: z.string(), en: z.string() }),
  seatsTotal: count,
  seatsUsed: count,
  manager: z.object({ userId: z.string(), displayName: z.string(), email: z.string() }),
  createdAt: timestamp,
});
export type AdminSeatPool = z.output<typeof adminSeatPoolSchema>;
export const adminSeatPoolsResponseSchema = z.object({ pools: z.array(adminSeatPoolSchema) });

export const adminOrderSchema = z.object({
  id: z.string(),
  buyer: z.object({ userId: z.string(), displayName: z.string(), email: z.string() }),
  status: z.enum(['pending', 'paid', 'partially_refunded', 'refunded', 'expired', 'failed']),
  totalAmount: z.number().int(),
  currency,
  testMode: z.boolean(),
  createdAt: timestamp,
  lines: z.array(
    z.object({
      courseId: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
      amount: z.number().int(),
      refunded: z.boolean(),
    }),
  ),
});
export type AdminOrder = z.output<typeof adminOrderSchema>;
export const adminOrdersResponseSchema = z.object({ orders: z.array(adminOrderSchema) });

/** A new organization, with the person who will run it (invited as its admin; they accept in the app). */
export const createOrganizationRequestSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the organization.').max(120),
    adminEmail: z.email('Give the e-mail address of its administrator.').max(254),
    adminName: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export const createOrganizationResponseSchema = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  invitationId: z.string(),
});

/** Seats for an institution's course, managed by one user. */
export const seatGrantRequestSchema = z
  .object({
    institution: z.string().trim().min(1).max(120),
    managerId: z.string().min(1).max(100),
    courseId: z.string().min(1).max(100),
    seats: z.number().int().min(1).max(100_000),
  })
  .strict();
export const seatGrantResponseSchema = z.object({ poolId: z.string() });
