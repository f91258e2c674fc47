import type { z } from 'zod';

export type Auth = 'none' | 'optional' | 'required' | 'admin';

/** One route of the sync server as the API description states it. */
export interface Operation {
  summary: string;
  /** Registered only in one payment mode: with Stripe keys, or the embedded test checkout without them. */
  onlyWith?: 'stripe' | 'test-checkout';
  auth: Auth;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success answer's schema, from common/server-api/responses.ts (the one the desktop core parses it with). */
  answer?: z.ZodType;
  /** Status codes besides the shared error ones, with what they mean. */
  responses: Record<string, string>;
}
