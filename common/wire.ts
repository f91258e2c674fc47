import { z } from 'zod';

/** Messages the UI sends over the web host's WebSocket. Validated by the host before use. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    name: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({
    type: z.literal('subscribe'),
    id: z.number().int().nonnegative(),
    name: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({ type: z.literal('unsubscribe'), id: z.number().int().nonnegative() }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;

const apiErrorShape = z.object({ code: z.string(), message: z.string(), issues: z.array(z.string()).optional() });

/** A value or an error for one open subscription (both transports). */
export const subscriptionMessageSchema = z.union([
  z.object({ id: z.number().int(), value: z.unknown() }),
  z.object({ id: z.number().int(), error: apiErrorShape }),
]);

export type SubscriptionMessage = { id: number; value: unknown } | { id: number; error: z.infer<typeof apiErrorShape> };

/** Messages the web host sends back. */
export type HostMessage =
  { type: 'reply'; id: number; reply: unknown } | ({ type: 'subscription' } & SubscriptionMessage);

export const subscribeRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  input: z.unknown(),
});

export const unsubscribeRequestSchema = z.object({ id: z.number().int().nonnegative() });
