import { platformRevenueSchema } from '../../common/server-api/payouts.js';
import {
  adminOrdersResponseSchema,
  adminOrganizationsResponseSchema,
  adminOverviewSchema,
  adminSeatPoolsResponseSchema,
  adminUsersResponseSchema,
  createOrganizationResponseSchema,
  seatGrantResponseSchema,
} from '../../common/server-api/admin.js';
import { anyAnswerSchema } from '../../common/server-api/responses.js';
import { adminRefundOutputSchema } from '../../common/contract/admin.js';
import type { OperationHandlers } from '../../common/contract/index.js';
import type { ServerApi } from './server-api.js';

type AdminOperations = Pick<OperationHandlers, Extract<keyof OperationHandlers, `admin.${string}`>>;

/** A search as query parameters: only what was given, encoded. */
function searchParams(input: { query?: string | undefined; limit?: number | undefined }): string {
  const params = new URLSearchParams();
  if (input.query) params.set('query', input.query);
  if (input.limit) params.set('limit', String(input.limit));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The platform admin screen's operations: the server's admin API for the signed-in platform
 * administrator (the server refuses anyone else; this device only carries the request).
 */
export function adminOperations(server: ServerApi): AdminOperations {
  return {
    'admin.overview': () => server.get('/v1/admin/overview', adminOverviewSchema),
    'admin.revenue': () => server.get('/v1/admin/revenue', platformRevenueSchema),
    'admin.users': (input) => server.get(`/v1/admin/users${searchParams(input)}`, adminUsersResponseSchema),
    'admin.setRole': async ({ userId, role }) => {
      await server.call(`/v1/admin/users/${userId}/role`, { role }, anyAnswerSchema);
      return {};
    },
    'admin.organizations': async () =>
      (await server.get('/v1/admin/organizations', adminOrganizationsResponseSchema)).organizations,
    'admin.createOrganization': (input) =>
      server.call('/v1/admin/organizations', input, createOrganizationResponseSchema),
    'admin.seatPools': async () => (await server.get('/v1/admin/seat-pools', adminSeatPoolsResponseSchema)).pools,
    'admin.createSeatPool': (input) => server.call('/v1/admin/seat-pools', input, seatGrantResponseSchema),
    'admin.orders': async (input) =>
      (await server.get(`/v1/admin/orders${searchParams(input)}`, adminOrdersResponseSchema)).orders,
    'admin.refund': ({ orderId, courseIds }) =>
      server.call(`/v1/admin/orders/${orderId}/refund`, { courseIds }, adminRefundOutputSchema),
  };
}
